import { progressFromAttributes } from '@rehearse/interview';
import { describe, expect, it } from 'vitest';
import { describeProgress, progressFromSummary } from './interview-progress.ts';

describe('interview progress in the browser', () => {
  it('parses the agent attributes into "question n of m"', () => {
    const progress = progressFromAttributes({
      'rehearse.phase': 'questions',
      'rehearse.question_number': '2',
      'rehearse.total_questions': '3',
      'rehearse.answered': '1',
      'rehearse.interview_id': 'abc',
    });
    expect(progress).toEqual({
      phase: 'questions',
      questionNumber: 2,
      totalQuestions: 3,
      answered: 1,
      interviewId: 'abc',
    });
    expect(progress && describeProgress(progress)).toBe('Question 2 of 3');
  });

  it('names the phase before the questions start', () => {
    const progress = progressFromAttributes({
      'rehearse.phase': 'background',
      'rehearse.question_number': '-1',
    });
    expect(progress?.questionNumber).toBe(0);
    expect(progress && describeProgress(progress)).toBe('Background');
  });

  it('counts a stored interview the way the agent does', () => {
    expect(progressFromSummary({ phase: 'questions', question_index: 1, question_count: 3 })).toEqual({
      phase: 'questions',
      questionNumber: 2,
      totalQuestions: 3,
    });
    expect(
      progressFromSummary({ phase: 'background', question_index: 0, question_count: 3 })?.questionNumber,
    ).toBe(0);
    expect(
      progressFromSummary({ phase: 'wrap_up', question_index: 3, question_count: 3 })?.questionNumber,
    ).toBe(3);
  });
});
