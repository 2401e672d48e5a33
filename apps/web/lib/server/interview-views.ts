import type { Answer, InterviewSession } from '@rehearse/db';

/** What the browser sees of an interview: no room name, lease or internal state. */
export function interviewSummary(interview: InterviewSession) {
  return {
    id: interview.id,
    status: interview.status,
    phase: interview.phase,
    role: interview.role,
    question_index: interview.questionIndex,
    question_count: interview.questionIds.length,
    has_report: interview.report !== null,
    created_at: interview.createdAt.toISOString(),
    started_at: interview.startedAt?.toISOString() ?? null,
    ended_at: interview.endedAt?.toISOString() ?? null,
  };
}

export function answerView(answer: Answer) {
  return {
    question_id: answer.questionId,
    question_text: answer.questionText,
    summary: answer.summary,
    scores: answer.scores,
    created_at: answer.createdAt.toISOString(),
  };
}
