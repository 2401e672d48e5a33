import { z } from 'zod';
import { isPhase, isPhaseAfter, type Phase } from './phases.ts';
import {
  BACKGROUND_QUESTION_ID,
  DEFAULT_QUESTION_COUNT,
  questionById,
  questionsFor,
} from './question-bank.ts';
import { interviewReportSchema } from './report.ts';
import { detectRole, isTargetRole } from './roles.ts';
import {
  type CandidateProfile,
  type InterviewState,
  MAX_EXPERIENCE_YEARS,
  parseInterviewState,
  type RecordedAnswer,
  recordedAnswerSchema,
} from './state.ts';

/**
 * What a stored interview state turned out to be:
 * - current: valid as it is;
 * - migrated: written by an older version (a question bank that changed, a field that moved) and
 *   brought forward, resuming at the nearest question; `changes` says what moved;
 * - empty: nothing stored yet;
 * - unreadable: not recognisably an interview; the caller must keep it (never overwrite it blindly).
 */
export type StoredState =
  | { kind: 'current'; state: InterviewState }
  | { kind: 'migrated'; state: InterviewState; changes: string[] }
  | { kind: 'empty' }
  | { kind: 'unreadable'; error: string };

/** Pure: reads a stored state, migrating one from an older question bank or schema instead of dropping it. */
export function readStoredState(stored: unknown): StoredState {
  if (stored === null || stored === undefined) return { kind: 'empty' };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return { kind: 'unreadable', error: 'the stored state is not an object' };
  }
  if (Object.keys(stored).length === 0) return { kind: 'empty' };
  const parsed = parseInterviewState(stored);
  if (parsed.ok) return { kind: 'current', state: parsed.state };
  const changes: string[] = [];
  const migrated = migrate(stored as Record<string, unknown>, changes);
  const check = parseInterviewState(migrated);
  if (!check.ok) return { kind: 'unreadable', error: `${parsed.error}; migrating it failed: ${check.error}` };
  return { kind: 'migrated', state: check.state, changes };
}

/** True once the candidate has said anything the interview keeps (a profile, an answer). */
export function hasProgress(state: InterviewState): boolean {
  return state.profile !== null || state.answers.length > 0 || state.phase !== 'profile';
}

/**
 * The state to continue from when the stored one was read late (the database was away at the start)
 * and the session went on meanwhile: the stored progress wins whenever there is any, so saved progress
 * is never overwritten by a fresh start; otherwise what the session did meanwhile is kept.
 */
export function reconcileStates(
  stored: InterviewState | null,
  session: InterviewState,
): { state: InterviewState; winner: 'stored' | 'session' } {
  if (stored !== null && hasProgress(stored)) return { state: stored, winner: 'stored' };
  return { state: session, winner: 'session' };
}

const looseProfile = z.object({
  name: z.string().trim().min(1),
  targetRole: z.string(),
  experienceYears: z.number().catch(0),
});

function migrate(stored: Record<string, unknown>, changes: string[]): InterviewState {
  const profile = migrateProfile(stored.profile, changes);
  const candidateName = typeof stored.candidateName === 'string' ? stored.candidateName : '';
  if (profile === null) {
    changes.push('no usable profile: resuming at the profile');
    return {
      phase: 'profile',
      candidateName,
      profile: null,
      questionIds: [],
      questionIndex: 0,
      answers: [],
      report: null,
    };
  }
  const storedIds = Array.isArray(stored.questionIds)
    ? stored.questionIds.filter((id) => typeof id === 'string')
    : [];
  let questionIds = [...new Set(storedIds)].filter(
    (id) => id !== BACKGROUND_QUESTION_ID && questionById(id) !== undefined,
  );
  const removed = storedIds.filter((id) => !questionIds.includes(id));
  if (removed.length > 0) changes.push(`questions no longer in the bank: ${removed.join(', ')}`);
  if (questionIds.length === 0) {
    questionIds = questionsFor(profile.targetRole, storedIds.length || DEFAULT_QUESTION_COUNT).map(
      (q) => q.id,
    );
    changes.push(`questions chosen again: ${questionIds.join(', ')}`);
  }
  const answers = migrateAnswers(stored.answers, questionIds, changes);
  const storedPhase: Phase = isPhase(stored.phase) ? stored.phase : 'background';
  const report = interviewReportSchema
    .nullable()
    .catch(null)
    .parse(stored.report ?? null);
  if (storedPhase === 'completed' && report !== null) {
    return {
      phase: 'completed',
      candidateName,
      profile,
      questionIds,
      questionIndex: questionIds.length,
      answers,
      report,
    };
  }
  const furthest = Math.max(-1, ...answers.map((answer) => questionIds.indexOf(answer.questionId)));
  const position = nearestPosition(storedPhase, furthest, questionIds.length);
  if (position.phase !== storedPhase) changes.push(`resuming in ${position.phase} (was ${storedPhase})`);
  return { candidateName, profile, questionIds, answers, report: null, ...position };
}

/** Where to pick up: the question after the furthest answered one, never behind the stored phase. */
function nearestPosition(
  storedPhase: Phase,
  furthest: number,
  total: number,
): { phase: Phase; questionIndex: number } {
  if (storedPhase === 'wrap_up' || storedPhase === 'completed' || furthest + 1 >= total) {
    return { phase: 'wrap_up', questionIndex: total };
  }
  if (furthest >= 0 || isPhaseAfter(storedPhase, 'background')) {
    return { phase: 'questions', questionIndex: furthest + 1 };
  }
  return { phase: 'background', questionIndex: 0 };
}

function migrateProfile(value: unknown, changes: string[]): CandidateProfile | null {
  const parsed = looseProfile.safeParse(value);
  if (!parsed.success) return null;
  const { name, targetRole, experienceYears } = parsed.data;
  const role = isTargetRole(targetRole) ? targetRole : detectRole(targetRole);
  if (role !== targetRole) changes.push(`role "${targetRole}" read as ${role}`);
  const years = Math.min(Math.max(experienceYears, 0), MAX_EXPERIENCE_YEARS);
  return { name, targetRole: role, experienceYears: years };
}

/** Valid answers to questions this interview still asks, one per question (the first one recorded). */
function migrateAnswers(value: unknown, questionIds: string[], changes: string[]): RecordedAnswer[] {
  const askable = new Set([BACKGROUND_QUESTION_ID, ...questionIds]);
  const answers: RecordedAnswer[] = [];
  for (const item of Array.isArray(value) ? value : []) {
    const answer = recordedAnswerSchema.safeParse(item);
    if (!answer.success) {
      changes.push('an answer in an older format was left out of the state');
      continue;
    }
    const { questionId, toolCallId } = answer.data;
    if (!askable.has(questionId)) {
      changes.push(`the answer to ${questionId} stays in the answers table only (question removed)`);
    } else if (!answers.some((kept) => kept.questionId === questionId || kept.toolCallId === toolCallId)) {
      answers.push(answer.data);
    }
  }
  return answers;
}
