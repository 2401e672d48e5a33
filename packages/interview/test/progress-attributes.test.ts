import { describe, expect, it } from 'vitest';
import { progressAttributes, progressFromAttributes } from '../src/progress-attributes.ts';
import { newInterview } from '../src/state.ts';
import { saveProfile } from '../src/transitions.ts';

describe('progress attributes', () => {
  it('round-trips what the agent publishes into what the page shows', () => {
    const saved = saveProfile(newInterview({ candidateName: 'Ada' }), {
      name: 'Ada',
      targetRole: 'software_engineer',
      experienceYears: 5,
    });
    if (!saved.ok) throw new Error(saved.error);
    expect(progressFromAttributes(progressAttributes(saved.state, 'id-1'))).toEqual({
      phase: 'background',
      questionNumber: 0,
      totalQuestions: saved.state.questionIds.length,
      answered: 0,
      interviewId: 'id-1',
    });
  });

  it('ignores attributes until a valid phase is published, and bad counts', () => {
    expect(progressFromAttributes({})).toBeNull();
    expect(progressFromAttributes({ 'rehearse.phase': 'lunch' })).toBeNull();
    expect(
      progressFromAttributes({ 'rehearse.phase': 'questions', 'rehearse.question_number': '-2' }),
    ).toMatchObject({
      questionNumber: 0,
      interviewId: null,
    });
  });
});
