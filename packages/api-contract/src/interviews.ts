import { COMPETENCIES, INTERVIEW_STATUSES, MAX_SCORE, MIN_SCORE, PHASES } from '@rehearse/interview';
import * as z from 'zod/mini';
import { answerDeliveryView, deliverySummaryView } from './delivery.ts';

const count = z.int().check(z.minimum(0));
const score = z.number().check(z.minimum(MIN_SCORE), z.maximum(MAX_SCORE));
const timestamp = z.iso.datetime();

/** An interview id in a path: anything else is answered like a missing interview. */
export const interviewIdParam = z.uuid();

/** What the browser sees of an interview: no room name, lease or internal state. */
export const interviewSummary = z.object({
  id: z.string(),
  status: z.enum(INTERVIEW_STATUSES),
  phase: z.enum(PHASES),
  role: z.nullable(z.string()),
  /** "Question n of m", counted by the domain's questionNumberOf: 0 before the questions. */
  question_number: count,
  question_count: count,
  has_report: z.boolean(),
  created_at: timestamp,
  started_at: z.nullable(timestamp),
  ended_at: z.nullable(timestamp),
});
export type InterviewSummary = z.infer<typeof interviewSummary>;

/** `GET /api/interviews` → 200: the user's interviews, newest first. */
export const listInterviewsResponse = z.object({ interviews: z.array(interviewSummary) });
export type ListInterviewsResponse = z.infer<typeof listInterviewsResponse>;

/** A question id in a path (the question bank's ids, and "background"). */
export const questionIdParam = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));

/**
 * The candidate's recorded answer (docs/answer-replay.md): where to fetch the clip (owner only, with the same
 * Bearer token as the report), and its timing, relative to the clip's start.
 */
export const recordingView = z.object({
  audio_url: z.string(),
  duration_ms: count,
  /** The candidate's voiced stretches (an energy VAD on the audio the agent received). */
  speech_segments: z.array(z.object({ start_ms: count, end_ms: count })),
  /** Noah's speaking time while this question was current. */
  agent_speech_ms: count,
  /** The candidate's transcribed words in this period (Gemini's input transcription). */
  candidate_text: z.string(),
});
export type RecordingView = z.infer<typeof recordingView>;

export const answerView = z.object({
  question_id: z.string(),
  question_text: z.string(),
  summary: z.string(),
  scores: z.array(z.object({ competency: z.enum(COMPETENCIES), score, evidence: z.string() })),
  created_at: timestamp,
  /** Null when the answer has no stored recording (recorded before replay existed, or it could not be stored). */
  recording: z.nullable(recordingView),
  /** Pace, fillers, pauses, talk time and length, from the answer's recording; null without one. */
  delivery: z.nullable(answerDeliveryView),
});
export type AnswerView = z.infer<typeof answerView>;

export const reportCard = z.object({
  competency_scores: z.array(
    z.object({ competency: z.enum(COMPETENCIES), average: score, count: z.int().check(z.minimum(1)) }),
  ),
  overall: z.nullable(score),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
});
export type ReportCard = z.infer<typeof reportCard>;

/** `GET /api/interviews/:id/report` → 200: one of the user's interviews, its report (once completed) and answers. */
export const interviewReportResponse = z.object({
  interview: interviewSummary,
  report: z.nullable(reportCard),
  answers: z.array(answerView),
  /** The interview's delivery over its recorded answers; null when none has a recording. */
  delivery: z.nullable(deliverySummaryView),
});
export type InterviewReportResponse = z.infer<typeof interviewReportResponse>;

/** `POST /api/interviews/:id/abandon` body: empty (or none). */
export const abandonInterviewRequest = z.strictObject({});

/** `POST /api/interviews/:id/abandon` → 200: the interview as it now stands. */
export const abandonInterviewResponse = z.object({ interview: interviewSummary });
export type AbandonInterviewResponse = z.infer<typeof abandonInterviewResponse>;

/** `DELETE /api/interviews/:id` → 200: the finished interview, its answers, transcript and recordings are gone. */
export const deleteInterviewResponse = z.object({ id: z.string(), deleted: z.literal(true) });
export type DeleteInterviewResponse = z.infer<typeof deleteInterviewResponse>;
