import { interviewIdParam, interviewReportResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { toAnswerView, toInterviewSummary, toReportCard } from '@/lib/server/interview-views.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/interviews/:id/report — one of the user's own interviews with its report and answers. */
export const GET = handleRoute(
  'interview-report',
  async (context, request, { params }: { params: Promise<{ id: string }> }) => {
    const user = await verifyBearerToken(request, context);
    await enforceLimit('api:user', user.uid, serverConfig(), context.log);
    const id = interviewIdParam.safeParse((await params).id);
    if (!id.success) throw notFound('no such interview');
    const database = await db();
    const interview = await dbCall(database.interviews.get(id.data));
    // Someone else's interview answers exactly like a missing one: ids are not confirmed to strangers.
    if (!interview || interview.userId !== user.uid) throw notFound('no such interview');
    const answers = await dbCall(database.answers.listForSession(interview.id));
    return contractResponse(context, interviewReportResponse, {
      interview: toInterviewSummary(interview),
      report: interview.report && toReportCard(interview.report),
      answers: answers.map(toAnswerView),
    });
  },
);
