import { abandonInterviewRequest, abandonInterviewResponse, interviewIdParam } from '@rehearse/api-contract';
import { jsonBodyLimits, serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { HttpError, notFound } from '@/lib/server/http-error.ts';
import { toInterviewSummary } from '@/lib/server/interview-views.ts';
import { closeInterviewRoom } from '@/lib/server/interview-way-out.ts';
import { readOptionalJsonBody } from '@/lib/server/json-body.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/interviews/:id/abandon — the candidate gives up their unfinished interview: it is marked
 * abandoned and its room deleted, so Noah stops and the next start is a fresh interview. Asking again
 * answers the same; a completed interview cannot be abandoned (409).
 */
export const POST = handleRoute(
  'interview-abandon',
  async (context, request, { params }: { params: Promise<{ id: string }> }) => {
    const user = await verifyBearerToken(request, context);
    await enforceLimit('api:user', user.uid, serverConfig(), context.log);
    await readOptionalJsonBody(request, abandonInterviewRequest, jsonBodyLimits(serverConfig()));
    const id = interviewIdParam.safeParse((await params).id);
    if (!id.success) throw notFound('no such interview');
    const database = await db();
    const interview = await dbCall(database.interviews.get(id.data));
    // Someone else's interview answers exactly like a missing one: ids are not confirmed to strangers.
    if (!interview || interview.userId !== user.uid) throw notFound('no such interview');

    const abandoned = await dbCall(database.interviews.endUnfinished(interview.id, 'abandoned', new Date()));
    if (abandoned) {
      context.log.info({ interviewId: interview.id, room: interview.roomName }, 'interview abandoned');
      await closeInterviewRoom(abandoned, context.log);
      return contractResponse(context, abandonInterviewResponse, {
        interview: toInterviewSummary(abandoned),
      });
    }
    // Already over: ended by an earlier request (idempotent), by expiry, or completed meanwhile.
    const current = (await dbCall(database.interviews.get(interview.id))) ?? interview;
    if (current.status === 'completed') {
      throw new HttpError(409, 'interview_completed', 'this interview is completed and cannot be abandoned');
    }
    return contractResponse(context, abandonInterviewResponse, { interview: toInterviewSummary(current) });
  },
);
