import { describe, expect, it } from 'vitest';
import {
  type InterviewState,
  newInterview,
  readStoredState,
  reconcileStates,
  sanitizeForStorage,
  sanitizeText,
} from '../src/index.ts';
import { atQuestion, backgroundAnswered, currentAnswered, inWrapUp, started } from './fixtures.ts';

function migrated(stored: unknown): { state: InterviewState; changes: string[] } {
  const result = readStoredState(stored);
  if (result.kind !== 'migrated') throw new Error(`expected a migration, got ${JSON.stringify(result)}`);
  return result;
}

/** A state as an older version wrote it: a question id the bank has since dropped. */
function withRemovedQuestion(state: InterviewState, index: number): Record<string, unknown> {
  const questionIds = [...state.questionIds];
  const oldId = 'swe-retired-9';
  const replaced = questionIds[index];
  questionIds[index] = oldId;
  const answers = state.answers.map((answer) =>
    answer.questionId === replaced ? { ...answer, questionId: oldId } : answer,
  );
  return { ...state, questionIds, answers };
}

describe('readStoredState', () => {
  it('reads a current state as it is, and nothing stored as empty', () => {
    const state = currentAnswered(1);
    expect(readStoredState(state)).toEqual({ kind: 'current', state });
    expect(readStoredState({})).toEqual({ kind: 'empty' });
    expect(readStoredState(null)).toEqual({ kind: 'empty' });
  });

  it('resumes at the nearest question when an answered question left the bank', () => {
    const stored = withRemovedQuestion(atQuestion(1), 0); // question 1 answered, then removed
    const { state, changes } = migrated(stored);
    expect(state.phase).toBe('questions');
    expect(state.profile).toEqual(atQuestion(1).profile);
    expect(state.questionIds).toEqual(atQuestion(1).questionIds.slice(1));
    expect(state.questionIndex).toBe(0); // the question that was current is current again
    expect(state.answers.map((answer) => answer.questionId)).toEqual(['background']);
    expect(changes.join('\n')).toContain('swe-retired-9');
  });

  it('keeps the position when the current, unanswered question left the bank', () => {
    const before = atQuestion(1);
    const { state } = migrated(withRemovedQuestion(before, 1));
    expect(state.phase).toBe('questions');
    expect(state.questionIds[state.questionIndex]).toBe(before.questionIds[2]);
    expect(state.answers).toEqual(before.answers);
  });

  it('moves on to the wrap-up when every remaining question is answered', () => {
    const stored = withRemovedQuestion(currentAnswered(2), 2);
    expect(migrated(stored).state).toMatchObject({ phase: 'wrap_up', questionIndex: 2 });
  });

  it('chooses questions again when none of the stored ones exist, keeping the background answer', () => {
    const before = backgroundAnswered();
    const { state } = migrated({ ...before, questionIds: ['old-1', 'old-2', 'old-3'] });
    expect(state).toMatchObject({ phase: 'background', questionIds: ['swe-1', 'swe-2', 'swe-3'] });
    expect(state.answers).toEqual(before.answers);
  });

  it('reads an older profile shape (free-text role) and a missing report', () => {
    const stored = {
      ...inWrapUp(),
      profile: { name: 'Ada', targetRole: 'Backend developer', experienceYears: 5 },
      phase: 'completed',
      report: null,
    };
    const { state, changes } = migrated(stored);
    expect(state).toMatchObject({ phase: 'wrap_up', profile: { targetRole: 'software_engineer' } });
    expect(changes.join('\n')).toContain('Backend developer');
  });

  it('calls something that is no interview state unreadable rather than fresh', () => {
    expect(readStoredState('nonsense')).toMatchObject({ kind: 'unreadable' });
    expect(readStoredState([1, 2])).toMatchObject({ kind: 'unreadable' });
  });
});

describe('reconcileStates', () => {
  it('lets the stored progress win over a session that started fresh', () => {
    const stored = atQuestion(1);
    const fresh = backgroundAnswered();
    expect(reconcileStates(stored, fresh)).toEqual({ state: stored, winner: 'stored' });
  });

  it('keeps the session when nothing was stored', () => {
    const session = backgroundAnswered();
    expect(reconcileStates(null, session)).toEqual({ state: session, winner: 'session' });
    expect(reconcileStates(newInterview({ candidateName: 'Ada' }), session).winner).toBe('session');
    expect(reconcileStates(started(), session).state).toBe(session);
  });
});

describe('sanitizeText', () => {
  it('removes NUL, other control characters, lone surrogates and noncharacters; keeps the rest', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001bd')).toBe('abcd');
    expect(sanitizeText('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
    expect(sanitizeText('lone \ud800 high, lone \udc00 low, \uffff')).toBe('lone  high, lone  low, ');
    expect(sanitizeText('Grüße 👋 José')).toBe('Grüße 👋 José');
  });

  it('cleans every string inside a value', () => {
    expect(sanitizeForStorage({ a: ['x\u0000', 1, null], b: { 'k\u0000': 'v\u0000' } })).toEqual({
      a: ['x', 1, null],
      b: { k: 'v' },
    });
  });
});
