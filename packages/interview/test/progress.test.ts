import { describe, expect, it } from 'vitest';
import { describeProgress, finishInterview, progressOf, questionNumberOf } from '../src/index.ts';
import {
  atQuestion,
  backgroundAnswered,
  currentAnswered,
  expectOk,
  inBackground,
  inWrapUp,
  started,
} from './fixtures.ts';

const FEEDBACK = { strengths: ['Clear'], improvements: ['Concise'] };

describe('progressOf', () => {
  it.each([
    ['new', started, { phase: 'profile', questionNumber: 0, totalQuestions: 0, answered: 0 }],
    ['background', inBackground, { phase: 'background', questionNumber: 0, totalQuestions: 3, answered: 0 }],
    [
      'background answered',
      backgroundAnswered,
      { phase: 'background', questionNumber: 0, totalQuestions: 3, answered: 0 },
    ],
    [
      'question 1',
      () => atQuestion(0),
      { phase: 'questions', questionNumber: 1, totalQuestions: 3, answered: 0 },
    ],
    [
      'question 2 answered',
      () => currentAnswered(1),
      { phase: 'questions', questionNumber: 2, totalQuestions: 3, answered: 2 },
    ],
    [
      'question 3',
      () => atQuestion(2),
      { phase: 'questions', questionNumber: 3, totalQuestions: 3, answered: 2 },
    ],
    ['wrap-up', inWrapUp, { phase: 'wrap_up', questionNumber: 3, totalQuestions: 3, answered: 3 }],
    [
      'completed',
      () => expectOk(finishInterview(inWrapUp(), FEEDBACK)).state,
      { phase: 'completed', questionNumber: 3, totalQuestions: 3, answered: 3 },
    ],
    [
      'completed early',
      () => expectOk(finishInterview(atQuestion(1), FEEDBACK)).state,
      { phase: 'completed', questionNumber: 2, totalQuestions: 3, answered: 1 },
    ],
  ])('reports %s', (_name, make, expected) => {
    expect(progressOf(make())).toEqual(expected);
  });
});

describe('describeProgress', () => {
  it('says "question n of m" during the questions and names the phase otherwise', () => {
    expect(describeProgress({ phase: 'questions', questionNumber: 2, totalQuestions: 3 })).toBe(
      'Question 2 of 3',
    );
    expect(describeProgress({ phase: 'background', questionNumber: 0, totalQuestions: 3 })).toBe(
      'Background',
    );
    expect(describeProgress({ phase: 'wrap_up', questionNumber: 3, totalQuestions: 3 })).toBe('Wrap-up');
  });

  it('counts a stored position the way progressOf counts a state', () => {
    for (const make of [inBackground, () => atQuestion(1), inWrapUp]) {
      const state = make();
      expect(
        questionNumberOf({
          phase: state.phase,
          questionIndex: state.questionIndex,
          totalQuestions: state.questionIds.length,
        }),
      ).toBe(progressOf(state).questionNumber);
    }
  });
});
