import { questionIdParam } from '@rehearse/api-contract';
import { parseRange } from '@/lib/server/byte-range.ts';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { ownInterview } from '@/lib/server/own-interview.ts';
import { recordingStorage, storageCall } from '@/lib/server/recordings.ts';
import { handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/interviews/:id/answers/:questionId/audio — the candidate's recorded answer (Ogg Opus), to its
 * owner only, with byte ranges so a player can seek. The clip never changes once stored: the browser may keep
 * it for a while, privately. No Content-Length: Next.js 16 drops it from every route handler's answer (its
 * send-response.ts FORBIDDEN_HEADERS) and sends the body chunked; a 206 names the total in Content-Range.
 */
export const GET = handleRoute(
  'answer-audio',
  async (context, request, { params }: { params: Promise<{ id: string; questionId: string }> }) => {
    const user = await verifyBearerToken(request, context);
    await enforceLimit('api:user', user.uid, serverConfig(), context.log);
    const { id, questionId } = await params;
    const database = await db();
    const interview = await ownInterview(database, user.uid, id);
    const question = questionIdParam.safeParse(questionId);
    if (!question.success) throw notFound('no recording of this answer');
    const recording = await dbCall(database.recordings.get(interview.id, question.data));
    if (!recording) throw notFound('no recording of this answer');
    const audio = await storageCall((await recordingStorage()).get(recording.storageKey));
    if (!audio) throw notFound('no recording of this answer');

    const headers: Record<string, string> = {
      'Content-Type': recording.mimeType,
      'Accept-Ranges': 'bytes',
      // no-transform: the clip is compressed already; nothing on the way should gzip it again.
      'Cache-Control': 'private, max-age=3600, no-transform',
      'x-request-id': context.requestId,
    };
    const range = parseRange(request.headers.get('range'), audio.length);
    context.log.debug({ interviewId: interview.id, questionId: question.data, range }, 'answer audio');
    if (range.kind === 'unsatisfiable')
      return new Response(null, {
        status: 416,
        headers: { ...headers, 'Content-Range': `bytes */${audio.length}` },
      });
    if (range.kind === 'partial') {
      const body = audio.slice(range.start, range.end + 1);
      return new Response(body, {
        status: 206,
        headers: {
          ...headers,
          'Content-Range': `bytes ${range.start}-${range.end}/${audio.length}`,
        },
      });
    }
    return new Response(audio.slice(), { status: 200, headers });
  },
);
