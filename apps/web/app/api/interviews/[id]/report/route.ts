import { interviewReportResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { interviewDelivery, toDeliverySummaryView } from '@/lib/server/delivery-views.ts';
import { toAnswerView, toInterviewSummary, toReportCard } from '@/lib/server/interview-views.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { ownInterview } from '@/lib/server/own-interview.ts';
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
    const database = await db();
    const interview = await ownInterview(database, user.uid, (await params).id);
    const [answers, recordings] = await Promise.all([
      dbCall(database.answers.listForSession(interview.id)),
      dbCall(database.recordings.listForSession(interview.id)),
    ]);
    const delivery = interviewDelivery(recordings);
    return contractResponse(context, interviewReportResponse, {
      interview: toInterviewSummary(interview),
      report: interview.report && toReportCard(interview.report),
      answers: answers.map((answer) =>
        toAnswerView(
          answer,
          recordings.find((recording) => recording.questionId === answer.questionId),
          delivery.byQuestion.get(answer.questionId),
        ),
      ),
      delivery: delivery.summary && toDeliverySummaryView(delivery.summary),
    });
  },
);
