/**
 * The interview's state machine. Every function is pure: it returns a new state (or the same
 * one, unchanged) and never mutates its input. Errors are sentences addressed to the model,
 * which receives them as tool results, so each one says what to do instead.
 *
 * Phase rules:
 * - profile: only save_profile. It moves to background and chooses the role's questions.
 * - background: record_answer with question_id "background" (once), then next_question moves to
 *   questions at question 1. save_profile is still accepted here as a correction (questions are
 *   chosen again; nothing from the bank has been asked yet).
 * - questions: record_answer for the current question only (once per question), then
 *   next_question; after the last question next_question moves to wrap_up. Because next_question
 *   needs the current question answered, a repeated next_question cannot skip a question.
 * - wrap_up: only finish_interview.
 * - finish_interview is also accepted during questions (the candidate stops early) once at least
 *   one answer is recorded; it moves to completed with the report.
 * - completed: every call is refused.
 * record_answer is idempotent by tool call id: a repeated id changes nothing and is reported as a
 * duplicate, whatever the phase is by then.
 */
import { currentAnswer, currentQuestion } from './current-question.ts';
import { currentQuestionInstruction } from './prompts.ts';
import { DEFAULT_QUESTION_COUNT, type Question, questionById, questionsFor } from './question-bank.ts';
import { buildReport, type InterviewReport } from './report.ts';
import { detectRole, ROLE_LABELS } from './roles.ts';
import { type ScoreInput, validateScores } from './scoring.ts';
import {
  type CandidateProfile,
  type InterviewState,
  MAX_EXPERIENCE_YEARS,
  MAX_NAME_LENGTH,
  MAX_SUMMARY_LENGTH,
} from './state.ts';

export type TransitionFailure = { ok: false; error: string };
/** `instruction` tells the model what to do next; the agent returns it as the tool result. */
export type TransitionSuccess<Extra extends object = object> = {
  ok: true;
  state: InterviewState;
  instruction: string;
} & Extra;
export type TransitionResult<Extra extends object = object> = TransitionSuccess<Extra> | TransitionFailure;

export interface SaveProfileInput {
  name: string;
  /** Loose text is fine ("backend developer"); it is mapped with detectRole. */
  targetRole: string;
  experienceYears: number;
}

export interface SaveProfileOptions {
  /** How many bank questions to ask; DEFAULT_QUESTION_COUNT when omitted. */
  questionCount?: number;
}

export interface RecordAnswerInput {
  toolCallId: string;
  questionId: string;
  summary: string;
  scores: ScoreInput[];
}

export interface FinishInterviewInput {
  strengths: string[];
  improvements: string[];
}

export const MAX_FEEDBACK_ITEMS = 5;
export const MAX_FEEDBACK_ITEM_LENGTH = 280;

const COMPLETED_ERROR =
  'The interview is already complete: thank the candidate and say goodbye. Do not call any tool.';
const PROFILE_FIRST_ERROR =
  "The profile is not saved yet: call save_profile with the candidate's name, target role and years of experience first.";

export function saveProfile(
  state: InterviewState,
  input: SaveProfileInput,
  options: SaveProfileOptions = {},
): TransitionResult<{ profile: CandidateProfile }> {
  if (state.phase === 'completed') return fail(COMPLETED_ERROR);
  if (state.phase === 'questions' || state.phase === 'wrap_up') {
    return fail(`The profile is already saved and cannot change now. ${currentQuestionInstruction(state)}`);
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') return fail("name is empty: ask the candidate's name, then call save_profile again.");
  if (name.length > MAX_NAME_LENGTH) {
    return fail(
      `name is longer than ${MAX_NAME_LENGTH} characters: pass just the name the candidate goes by.`,
    );
  }
  const roleText = typeof input.targetRole === 'string' ? input.targetRole.trim() : '';
  if (roleText === '') {
    return fail(
      'target_role is empty: ask which role the candidate is preparing for, then call save_profile again.',
    );
  }
  const years = input.experienceYears;
  if (typeof years !== 'number' || !Number.isFinite(years) || years < 0 || years > MAX_EXPERIENCE_YEARS) {
    return fail(
      `experience_years must be a number of years from 0 to ${MAX_EXPERIENCE_YEARS} (0 for students), not ${String(years)}.`,
    );
  }
  const profile: CandidateProfile = { name, targetRole: detectRole(roleText), experienceYears: years };
  const questions = questionsFor(profile.targetRole, options.questionCount ?? DEFAULT_QUESTION_COUNT);
  const next: InterviewState = {
    ...state,
    phase: 'background',
    profile,
    questionIds: questions.map((question) => question.id),
    questionIndex: 0,
  };
  return succeed(
    next,
    `Profile saved: ${ROLE_LABELS[profile.targetRole]}, ${years} years of experience, ${questions.length} questions. ${currentQuestionInstruction(next)}`,
    { profile },
  );
}

export function recordAnswer(
  state: InterviewState,
  input: RecordAnswerInput,
): TransitionResult<{ duplicate: boolean }> {
  if (typeof input.toolCallId !== 'string' || input.toolCallId === '') {
    return fail(
      'This answer has no tool call id, so it cannot be recorded safely; call record_answer again.',
    );
  }
  if (state.answers.some((answer) => answer.toolCallId === input.toolCallId)) {
    return succeed(
      state,
      `This answer was already recorded; do not record it again. ${currentQuestionInstruction(state)}`,
      { duplicate: true },
    );
  }
  if (state.phase === 'completed') return fail(COMPLETED_ERROR);
  if (state.phase === 'profile') return fail(PROFILE_FIRST_ERROR);
  if (state.phase === 'wrap_up') {
    return fail(
      'All questions are done, so there is nothing to record: call finish_interview with strengths and improvements.',
    );
  }
  const question = currentQuestion(state);
  if (question === null) return fail('No current question: call next_question first.');
  const questionId = typeof input.questionId === 'string' ? input.questionId.trim().toLowerCase() : '';
  if (questionId !== question.id) {
    return fail(
      `question_id "${String(input.questionId)}" is not the current question: call record_answer with question_id "${question.id}" for ${describeQuestion(state, question)}.`,
    );
  }
  if (currentAnswer(state) !== null) {
    return fail(
      `${capitalise(describeQuestion(state, question))} already has a recorded answer: call next_question to continue.`,
    );
  }
  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (summary === '') {
    return fail('summary is empty: summarise what the candidate said in one or two sentences.');
  }
  if (summary.length > MAX_SUMMARY_LENGTH) {
    return fail(`summary is ${summary.length} characters: shorten it to at most ${MAX_SUMMARY_LENGTH}.`);
  }
  const scores = validateScores(Array.isArray(input.scores) ? input.scores : []);
  if (!scores.ok) return fail(scores.error);
  const next: InterviewState = {
    ...state,
    answers: [
      ...state.answers,
      { toolCallId: input.toolCallId, questionId: question.id, summary, scores: scores.scores },
    ],
  };
  return succeed(next, `Answer recorded for ${describeQuestion(state, question)}. Now call next_question.`, {
    duplicate: false,
  });
}

export function nextQuestion(state: InterviewState): TransitionResult<{ question: Question | null }> {
  switch (state.phase) {
    case 'completed':
      return fail(COMPLETED_ERROR);
    case 'profile':
      return fail(PROFILE_FIRST_ERROR);
    case 'wrap_up':
      return fail(
        'There are no more questions: wrap up and call finish_interview with strengths and improvements.',
      );
    case 'background':
    case 'questions': {
      const question = currentQuestion(state);
      if (question === null) return fail(`No current question. ${currentQuestionInstruction(state)}`);
      if (currentAnswer(state) === null) {
        return fail(
          `${capitalise(describeQuestion(state, question))} has no recorded answer yet: when the candidate has answered, call record_answer with question_id "${question.id}" first.`,
        );
      }
      const index = state.phase === 'background' ? 0 : state.questionIndex + 1;
      const nextId = state.questionIds[index];
      const upcoming = nextId === undefined ? undefined : questionById(nextId);
      const next: InterviewState =
        upcoming === undefined
          ? { ...state, phase: 'wrap_up', questionIndex: state.questionIds.length }
          : { ...state, phase: 'questions', questionIndex: index };
      return succeed(next, currentQuestionInstruction(next), { question: upcoming ?? null });
    }
  }
}

export function finishInterview(
  state: InterviewState,
  input: FinishInterviewInput,
): TransitionResult<{ report: InterviewReport }> {
  if (state.phase === 'completed') return fail(COMPLETED_ERROR);
  if (state.phase === 'profile') return fail(PROFILE_FIRST_ERROR);
  if (state.phase === 'background') {
    return fail(
      `It is too early to finish: the interview questions have not started. ${currentQuestionInstruction(state)}`,
    );
  }
  if (state.answers.length === 0) {
    return fail(
      `Nothing has been recorded yet, so there is nothing to report. ${currentQuestionInstruction(state)}`,
    );
  }
  const strengths = validateFeedback('strengths', input.strengths);
  if (!strengths.ok) return strengths;
  const improvements = validateFeedback('improvements', input.improvements);
  if (!improvements.ok) return improvements;
  const report = buildReport(state, { strengths: strengths.items, improvements: improvements.items });
  const next: InterviewState = { ...state, phase: 'completed', report };
  return succeed(next, currentQuestionInstruction(next), { report });
}

function validateFeedback(
  field: 'strengths' | 'improvements',
  value: unknown,
): { ok: true; items: string[] } | TransitionFailure {
  const items = Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' ? item.trim() : ''))
    : [];
  if (items.length === 0) {
    return fail(`${field} is empty: give at least one, based on the candidate's answers.`);
  }
  if (items.length > MAX_FEEDBACK_ITEMS) {
    return fail(`${field} has ${items.length} items: give at most ${MAX_FEEDBACK_ITEMS}.`);
  }
  if (items.some((item) => item === '')) {
    return fail(`${field} contains an empty item: every item must be a short sentence.`);
  }
  const long = items.find((item) => item.length > MAX_FEEDBACK_ITEM_LENGTH);
  if (long !== undefined) {
    return fail(
      `An item in ${field} is ${long.length} characters: keep each to at most ${MAX_FEEDBACK_ITEM_LENGTH}.`,
    );
  }
  return { ok: true, items };
}

function describeQuestion(state: InterviewState, question: Question): string {
  if (state.phase === 'background') return 'the background question';
  return `question ${state.questionIndex + 1} of ${state.questionIds.length} (${question.id})`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fail(error: string): TransitionFailure {
  return { ok: false, error };
}

function succeed<Extra extends object>(
  state: InterviewState,
  instruction: string,
  extra: Extra,
): TransitionSuccess<Extra> {
  return { ok: true, state, instruction, ...extra };
}
