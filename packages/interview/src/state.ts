import { z } from 'zod';
import { isPhaseAfter, PHASES, type Phase } from './phases.ts';
import { BACKGROUND_QUESTION_ID, questionById } from './question-bank.ts';
import { type InterviewReport, interviewReportSchema } from './report.ts';
import { TARGET_ROLES, type TargetRole } from './roles.ts';
import { type Score, scoreSchema } from './scoring.ts';

export const MAX_NAME_LENGTH = 100;
export const MAX_SUMMARY_LENGTH = 1000;
export const MAX_EXPERIENCE_YEARS = 70;

export interface CandidateProfile {
  name: string;
  targetRole: TargetRole;
  experienceYears: number;
}

export interface RecordedAnswer {
  /** The record_answer tool call that produced this answer; a repeat of the same id is ignored. */
  toolCallId: string;
  /** 'background' or a question bank id such as 'swe-2'. */
  questionId: string;
  summary: string;
  scores: Score[];
}

/**
 * Everything about one interview, as plain JSON: the agent restores it from the database on
 * every (re)connect, so it must hold all that is needed to resume at any point.
 */
export interface InterviewState {
  phase: Phase;
  /** The name known before the interview (e.g. the account's display name); may be empty. */
  candidateName: string;
  profile: CandidateProfile | null;
  /** Bank questions chosen for the profile's role, in asking order; empty before save_profile. */
  questionIds: string[];
  /** Index into questionIds of the current question; equals questionIds.length when none remain. */
  questionIndex: number;
  /** In the order recorded; at most one per question id. */
  answers: RecordedAnswer[];
  /** Set exactly when the phase is 'completed'. */
  report: InterviewReport | null;
}

export const candidateProfileSchema = z.object({
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  targetRole: z.enum(TARGET_ROLES),
  experienceYears: z.number().min(0).max(MAX_EXPERIENCE_YEARS),
});

export const recordedAnswerSchema = z.object({
  toolCallId: z.string().min(1),
  questionId: z.string().min(1),
  summary: z.string().trim().min(1).max(MAX_SUMMARY_LENGTH),
  scores: z.array(scoreSchema).min(1),
});

export const interviewStateSchema = z.object({
  phase: z.enum(PHASES),
  candidateName: z.string(),
  profile: candidateProfileSchema.nullable(),
  questionIds: z.array(z.string()),
  questionIndex: z.number().int().min(0),
  answers: z.array(recordedAnswerSchema),
  report: interviewReportSchema.nullable(),
});

export function newInterview({ candidateName }: { candidateName: string }): InterviewState {
  return {
    phase: 'profile',
    candidateName: candidateName.trim(),
    profile: null,
    questionIds: [],
    questionIndex: 0,
    answers: [],
    report: null,
  };
}

export type ParsedInterviewState = { ok: true; state: InterviewState } | { ok: false; error: string };

/**
 * Validates a stored state (e.g. a JSON column) before the agent resumes from it: the shape, and
 * that the parts agree with each other and with the question bank. A state that fails should be
 * treated like a missing one (fresh start), never half-used.
 */
export function parseInterviewState(value: unknown): ParsedInterviewState {
  const parsed = interviewStateSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `invalid interview state: ${z.prettifyError(parsed.error)}` };
  }
  const state: InterviewState = parsed.data;
  const problem = consistencyProblem(state);
  return problem === null ? { ok: true, state } : { ok: false, error: `invalid interview state: ${problem}` };
}

function consistencyProblem(state: InterviewState): string | null {
  const pastProfile = isPhaseAfter(state.phase, 'profile');
  if (pastProfile && state.profile === null) return `phase ${state.phase} needs a profile`;
  if (pastProfile && state.questionIds.length === 0) return `phase ${state.phase} needs questions`;
  if (!pastProfile && (state.questionIds.length > 0 || state.answers.length > 0)) {
    return 'the profile phase has no questions or answers yet';
  }
  const unknownQuestion = state.questionIds.find(
    (id) => id === BACKGROUND_QUESTION_ID || questionById(id) === undefined,
  );
  if (unknownQuestion !== undefined) return `unknown question id ${unknownQuestion}`;
  if (new Set(state.questionIds).size !== state.questionIds.length) return 'question ids repeat';
  if (state.questionIndex > state.questionIds.length) return 'question index is past the end';
  if (state.phase === 'questions' && state.questionIndex === state.questionIds.length) {
    return 'the questions phase needs a current question';
  }
  const askable = new Set([BACKGROUND_QUESTION_ID, ...state.questionIds]);
  const strayAnswer = state.answers.find((answer) => !askable.has(answer.questionId));
  if (strayAnswer !== undefined)
    return `answer to a question not in this interview: ${strayAnswer.questionId}`;
  const answeredAhead = state.answers.find(
    (answer) => state.questionIds.indexOf(answer.questionId) > state.questionIndex,
  );
  if (answeredAhead !== undefined) return `answer to a question not asked yet: ${answeredAhead.questionId}`;
  if (new Set(state.answers.map((answer) => answer.questionId)).size !== state.answers.length) {
    return 'a question has more than one answer';
  }
  if (new Set(state.answers.map((answer) => answer.toolCallId)).size !== state.answers.length) {
    return 'a tool call id is used by more than one answer';
  }
  if ((state.phase === 'completed') !== (state.report !== null)) {
    return 'a report exists exactly when the interview is completed';
  }
  return null;
}
