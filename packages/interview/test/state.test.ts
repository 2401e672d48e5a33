import { describe, expect, it } from 'vitest';
import { finishInterview, type InterviewState, newInterview, parseInterviewState } from '../src/index.ts';
import {
  atQuestion,
  backgroundAnswered,
  currentAnswered,
  expectOk,
  inBackground,
  inWrapUp,
  started,
} from './fixtures.ts';

function completed(): InterviewState {
  return expectOk(finishInterview(inWrapUp(), { strengths: ['Clear'], improvements: ['Concise'] })).state;
}

function problemWith(state: unknown): string {
  const result = parseInterviewState(state);
  if (result.ok) throw new Error('expected the state to be rejected');
  return result.error;
}

describe('newInterview', () => {
  it('starts in the profile phase with nothing recorded', () => {
    expect(newInterview({ candidateName: '  Grace Hopper ' })).toEqual({
      phase: 'profile',
      candidateName: 'Grace Hopper',
      profile: null,
      questionIds: [],
      questionIndex: 0,
      answers: [],
      report: null,
    });
  });
});

describe('parseInterviewState', () => {
  it.each([
    ['new', started],
    ['background', inBackground],
    ['background answered', backgroundAnswered],
    ['question 2', () => atQuestion(1)],
    ['question 3 answered', () => currentAnswered(2)],
    ['wrap-up', inWrapUp],
    ['completed', completed],
  ])('accepts a %s state after a JSON round trip', (_name, make) => {
    const state = make();
    expect(parseInterviewState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });

  it('rejects values that are not interview states', () => {
    expect(problemWith(null)).toMatch(/^invalid interview state/);
    expect(problemWith({ ...started(), phase: 'done' })).toMatch(/phase/);
    expect(problemWith({ ...started(), questionIndex: -1 })).toMatch(/questionIndex/);
    const state = atQuestion(1);
    const badScore = {
      ...state.answers[0],
      scores: [{ competency: 'communication', score: 9, evidence: 'x' }],
    };
    expect(problemWith({ ...state, answers: [badScore] })).toMatch(/scores/);
  });

  it('rejects states whose parts disagree', () => {
    const question2 = atQuestion(1);
    expect(problemWith({ ...question2, profile: null })).toMatch(/needs a profile/);
    expect(problemWith({ ...question2, questionIds: [], questionIndex: 0, answers: [] })).toMatch(
      /needs questions/,
    );
    expect(problemWith({ ...started(), questionIds: ['swe-1'] })).toMatch(/profile phase has no questions/);
    expect(problemWith({ ...question2, questionIds: ['swe-1', 'swe-77', 'swe-3'] })).toMatch(
      /unknown question id swe-77/,
    );
    expect(problemWith({ ...question2, questionIds: ['swe-1', 'background', 'swe-3'] })).toMatch(
      /unknown question id background/,
    );
    expect(problemWith({ ...question2, questionIds: ['swe-1', 'swe-1', 'swe-3'] })).toMatch(/repeat/);
    expect(problemWith({ ...question2, questionIndex: 4 })).toMatch(/past the end/);
    expect(problemWith({ ...question2, questionIndex: 3 })).toMatch(/needs a current question/);
    expect(problemWith({ ...question2, questionIds: ['swe-2', 'swe-3', 'swe-4'] })).toMatch(
      /not in this interview: swe-1/,
    );
    expect(problemWith({ ...currentAnswered(1), questionIndex: 0 })).toMatch(/not asked yet: swe-2/);
    const [background, first] = question2.answers;
    if (!background || !first) throw new Error('fixture has two answers');
    expect(
      problemWith({ ...question2, answers: [background, { ...first, questionId: 'background' }] }),
    ).toMatch(/more than one answer/);
    expect(
      problemWith({ ...question2, answers: [background, { ...first, toolCallId: background.toolCallId }] }),
    ).toMatch(/tool call id/);
    expect(problemWith({ ...inWrapUp(), report: completed().report })).toMatch(/report exists exactly/);
    expect(problemWith({ ...completed(), report: null })).toMatch(/report exists exactly/);
  });
});
