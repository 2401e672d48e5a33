import { listInterviewsResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { toInterviewSummary } from '@/lib/server/interview-views.ts';
import { expireStaleInterviews } from '@/lib/server/interview-way-out.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const LIST_LIMIT = 50;

/** GET /api/interviews — the signed-in user's interviews, newest first. */
export const GET = handleRoute('interviews', async (context, request) => {
  const user = await verifyBearerToken(request, context);
  await enforceLimit('api:user', user.uid, serverConfig(), context.log);
  // Home then shows a stale interview as expired and offers a fresh start, as starting one would.
  await expireStaleInterviews(user.uid, serverConfig(), context.log);
  const database = await db();
  const interviews = await dbCall(database.interviews.listForUser(user.uid, LIST_LIMIT));
  return contractResponse(context, listInterviewsResponse, {
    interviews: interviews.map(toInterviewSummary),
  });
});
