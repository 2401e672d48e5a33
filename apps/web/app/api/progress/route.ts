import { PROGRESS_INTERVIEW_LIMIT, type ProgressPoint, progressResponse } from '@rehearse/api-contract';
import type { InterviewSession, JsonObject } from '@rehearse/db';
import { serverConfig } from '@/lib/server/config.ts';
import { db, dbCall } from '@/lib/server/database.ts';
import { interviewDelivery, toDeliverySummaryView } from '@/lib/server/delivery-views.ts';
import { toReportCard } from '@/lib/server/interview-views.ts';
import { enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Interviews read to find the completed ones: the interview list's own bound. */
const SCAN_LIMIT = 50;

const endedAt = (interview: InterviewSession) => interview.endedAt ?? interview.createdAt;

/**
 * GET /api/progress — the user's newest completed interviews, oldest first: per-competency averages and the
 * delivery summary of each, for the trend on home and the comparison in a report.
 */
export const GET = handleRoute('progress', async (context, request) => {
  const user = await verifyBearerToken(request, context);
  await enforceLimit('api:user', user.uid, serverConfig(), context.log);
  const database = await db();
  const completed = (await dbCall(database.interviews.listForUser(user.uid, SCAN_LIMIT)))
    .filter(
      (interview): interview is InterviewSession & { report: JsonObject } =>
        interview.status === 'completed' && interview.report !== null,
    )
    .slice(0, PROGRESS_INTERVIEW_LIMIT)
    .sort((a, b) => endedAt(a).getTime() - endedAt(b).getTime());
  const recordings = await dbCall(
    database.recordings.listForSessions(completed.map((interview) => interview.id)),
  );
  const interviews = completed.map((interview): ProgressPoint => {
    const report = toReportCard(interview.report);
    const delivery = interviewDelivery(
      recordings.filter((recording) => recording.sessionId === interview.id),
    ).summary;
    return {
      interview_id: interview.id,
      ended_at: endedAt(interview).toISOString(),
      role: interview.role,
      overall: report.overall,
      competency_scores: report.competency_scores.map(({ competency, average }) => ({ competency, average })),
      delivery: delivery && toDeliverySummaryView(delivery),
    };
  });
  return contractResponse(context, progressResponse, { interviews });
});
