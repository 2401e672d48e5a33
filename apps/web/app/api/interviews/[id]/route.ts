import { deleteInterviewResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { HttpError, notFound } from '@/lib/server/http-error.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { ownInterview } from '@/lib/server/own-interview.ts';
import { recordingStorage, storageCall } from '@/lib/server/recordings.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * DELETE /api/interviews/:id — the candidate deletes a finished interview (completed, abandoned or expired):
 * its recordings' audio first, wherever it is kept, then the row with its answers, transcript and recordings
 * (ON DELETE CASCADE). An unfinished one is refused (409): its agent may still be writing it — abandon it
 * first. If the storage cannot delete, nothing else is (503), so no audio is left without its interview.
 */
export const DELETE = handleRoute(
  'interview-delete',
  async (context, request, { params }: { params: Promise<{ id: string }> }) => {
    const user = await verifyBearerToken(request, context);
    await enforceLimit('api:user', user.uid, serverConfig(), context.log);
    const database = await db();
    const interview = await ownInterview(database, user.uid, (await params).id);
    if (interview.status === 'pending' || interview.status === 'active')
      throw new HttpError(409, 'interview_unfinished', 'this interview is not finished: abandon it first');

    const storage = await recordingStorage();
    const recordings = await dbCall(database.recordings.listForSession(interview.id));
    for (const recording of recordings) await storageCall(storage.delete(recording.storageKey));
    if (!(await dbCall(database.interviews.deleteFinished(interview.id))))
      throw notFound('no such interview');
    context.log.info(
      { interviewId: interview.id, recordings: recordings.length, storage: storage.kind },
      'interview deleted',
    );
    return contractResponse(context, deleteInterviewResponse, { id: interview.id, deleted: true });
  },
);
