import {
  type AnswerView,
  API_PATHS,
  type InterviewSummary,
  type RecordingView,
  type ReportCard,
} from '@rehearse/api-contract';
import type { Answer, AnswerRecording, InterviewSession, JsonObject } from '@rehearse/db';
import { type AnswerDelivery, interviewReportSchema, questionNumberOf } from '@rehearse/interview';
import { toAnswerDeliveryView } from './delivery-views.ts';

/** The contract's view of a stored interview (packages/api-contract): no room name, lease or internal state. */
export function toInterviewSummary(interview: InterviewSession): InterviewSummary {
  const totalQuestions = interview.questionIds.length;
  return {
    id: interview.id,
    status: interview.status,
    phase: interview.phase,
    role: interview.role,
    question_number: questionNumberOf({
      phase: interview.phase,
      questionIndex: interview.questionIndex,
      totalQuestions,
    }),
    question_count: totalQuestions,
    has_report: interview.report !== null,
    created_at: interview.createdAt.toISOString(),
    started_at: interview.startedAt?.toISOString() ?? null,
    ended_at: interview.endedAt?.toISOString() ?? null,
  };
}

export function toAnswerView(
  answer: Answer,
  recording: AnswerRecording | undefined,
  delivery: AnswerDelivery | undefined,
): AnswerView {
  return {
    question_id: answer.questionId,
    question_text: answer.questionText,
    summary: answer.summary,
    scores: answer.scores,
    created_at: answer.createdAt.toISOString(),
    recording: recording ? toRecordingView(recording) : null,
    delivery: delivery ? toAnswerDeliveryView(delivery) : null,
  };
}

export function toRecordingView(recording: AnswerRecording): RecordingView {
  return {
    audio_url: API_PATHS.answerAudio(recording.sessionId, recording.questionId),
    duration_ms: recording.durationMs,
    speech_segments: recording.speechSegments.map(({ startMs, endMs }) => ({
      start_ms: startMs,
      end_ms: endMs,
    })),
    agent_speech_ms: recording.agentSpeechMs,
    candidate_text: recording.candidateText,
  };
}

/** The stored report (the domain's InterviewReport) as the contract's report card, without its answers. */
export function toReportCard(stored: JsonObject): ReportCard {
  const report = interviewReportSchema.parse(stored);
  return {
    competency_scores: report.competencyScores,
    overall: report.overall,
    strengths: report.strengths,
    improvements: report.improvements,
  };
}
