import { describe, expect, it } from 'vitest';
import {
  finishInterview,
  type InterviewState,
  MAX_FEEDBACK_ITEMS,
  MAX_SUMMARY_LENGTH,
  nextQuestion,
  parseInterviewState,
  QUESTION_BANK,
  recordAnswer,
  saveProfile,
} from '../src/index.ts';
import {
  answerInput,
  atQuestion,
  backgroundAnswered,
  currentAnswered,
  expectError,
  expectOk,
  inBackground,
  inWrapUp,
  started,
} from './fixtures.ts';

const FEEDBACK = { strengths: ['Clear structure'], improvements: ['Quantify impact'] };
const PROFILE = { name: 'Ada', targetRole: 'Product Manager', experienceYears: 6 };

function completed(): InterviewState {
  return expectOk(finishInterview(inWrapUp(), FEEDBACK)).state;
}

/** Every state a transition returns must survive the database round trip. */
function expectStorable(state: InterviewState): void {
  expect(parseInterviewState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
}

describe('saveProfile', () => {
  it('saves the profile, detects the role, picks its questions and moves to background', () => {
    const before = started();
    const result = expectOk(saveProfile(before, { ...PROFILE, name: '  Ada  ' }));
    expect(result.profile).toEqual({ name: 'Ada', targetRole: 'product_manager', experienceYears: 6 });
    expect(result.state).toMatchObject({
      phase: 'background',
      profile: result.profile,
      questionIds: ['pm-1', 'pm-2', 'pm-3'],
      questionIndex: 0,
      answers: [],
    });
    expect(result.instruction).toMatch(
      /^Profile saved: Product manager, 6 years of experience, 3 questions\./,
    );
    expect(result.instruction).toContain('question_id "background"');
    expect(before).toEqual(started());
    expectStorable(result.state);
  });

  it('takes a question count and maps unknown roles to the general bank', () => {
    const result = expectOk(
      saveProfile(
        started(),
        { name: 'Ada', targetRole: 'astronaut', experienceYears: 0 },
        { questionCount: 5 },
      ),
    );
    expect(result.state.questionIds).toEqual(QUESTION_BANK.general.map((question) => question.id));
  });

  it('accepts a correction during background, keeping the background answer', () => {
    const state = backgroundAnswered();
    const result = expectOk(
      saveProfile(state, { name: 'Ada', targetRole: 'data scientist', experienceYears: 2 }),
    );
    expect(result.state.phase).toBe('background');
    expect(result.state.questionIds).toEqual(['ds-1', 'ds-2', 'ds-3']);
    expect(result.state.answers).toEqual(state.answers);
  });

  it('refuses once the questions have started, and after completion', () => {
    expect(expectError(saveProfile(atQuestion(0), PROFILE))).toMatch(
      /^The profile is already saved and cannot change now\. Ask question 1 of 3/,
    );
    expect(expectError(saveProfile(inWrapUp(), PROFILE))).toMatch(/already saved.*finish_interview/);
    expect(expectError(saveProfile(completed(), PROFILE))).toMatch(/already complete/);
  });

  it.each([
    [{ ...PROFILE, name: '  ' }, /name is empty/],
    [{ ...PROFILE, name: 'x'.repeat(101) }, /longer than 100/],
    [{ ...PROFILE, targetRole: '' }, /target_role is empty/],
    [{ ...PROFILE, experienceYears: -1 }, /experience_years must be a number of years from 0 to 70/],
    [{ ...PROFILE, experienceYears: 71 }, /not 71/],
    [{ ...PROFILE, experienceYears: Number.NaN }, /not NaN/],
    [{ ...PROFILE, experienceYears: '5' as unknown as number }, /not 5/],
  ])('rejects invalid input %#', (input, message) => {
    expect(expectError(saveProfile(started(), input))).toMatch(message);
  });
});

describe('recordAnswer', () => {
  it('records the background answer, normalising id, summary and scores', () => {
    const input = answerInput(' Background ', {
      summary: '  Built payment systems.  ',
      scores: [{ competency: 'Problem Solving', score: 3, evidence: ' Debugged a race. ' }],
    });
    const result = expectOk(recordAnswer(inBackground(), input));
    expect(result.duplicate).toBe(false);
    expect(result.state.phase).toBe('background');
    expect(result.state.answers).toEqual([
      {
        toolCallId: input.toolCallId,
        questionId: 'background',
        summary: 'Built payment systems.',
        scores: [{ competency: 'problem_solving', score: 3, evidence: 'Debugged a race.' }],
      },
    ]);
    expect(result.instruction).toBe('Answer recorded for the background question. Now call next_question.');
    expectStorable(result.state);
  });

  it('records the current bank question', () => {
    const result = expectOk(recordAnswer(atQuestion(1), answerInput('swe-2')));
    expect(result.state.answers.map((answer) => answer.questionId)).toEqual(['background', 'swe-1', 'swe-2']);
    expect(result.state.questionIndex).toBe(1);
    expect(result.instruction).toBe('Answer recorded for question 2 of 3 (swe-2). Now call next_question.');
  });

  it('is idempotent by tool call id, even after the interview has moved on', () => {
    const input = answerInput('swe-1');
    const once = expectOk(recordAnswer(atQuestion(0), input)).state;
    const twice = expectOk(recordAnswer(once, input));
    expect(twice.duplicate).toBe(true);
    expect(twice.state).toBe(once);
    expect(twice.instruction).toMatch(
      /^This answer was already recorded; do not record it again\. The answer to question 1 of 3/,
    );
    const moved = expectOk(nextQuestion(once)).state;
    const late = expectOk(recordAnswer(moved, input));
    expect(late.duplicate).toBe(true);
    expect(late.state).toBe(moved);
  });

  it('refuses a second answer to the same question under a new tool call id', () => {
    const error = expectError(recordAnswer(currentAnswered(0), answerInput('swe-1')));
    expect(error).toBe(
      'Question 1 of 3 (swe-1) already has a recorded answer: call next_question to continue.',
    );
    expect(expectError(recordAnswer(backgroundAnswered(), answerInput('background')))).toMatch(
      /^The background question already has a recorded answer/,
    );
  });

  it('refuses an answer for another question and names the current one', () => {
    expect(expectError(recordAnswer(atQuestion(1), answerInput('swe-3')))).toBe(
      'question_id "swe-3" is not the current question: call record_answer with question_id "swe-2" for question 2 of 3 (swe-2).',
    );
    expect(expectError(recordAnswer(inBackground(), answerInput('swe-1')))).toMatch(
      /question_id "background" for the background question/,
    );
  });

  it('refuses in phases without a question', () => {
    expect(expectError(recordAnswer(started(), answerInput('background')))).toMatch(/call save_profile/);
    expect(expectError(recordAnswer(inWrapUp(), answerInput('swe-3')))).toMatch(/call finish_interview/);
    expect(expectError(recordAnswer(completed(), answerInput('swe-3')))).toMatch(/already complete/);
  });

  it.each([
    [{ toolCallId: '' }, /no tool call id/],
    [{ summary: ' ' }, /summary is empty/],
    [{ summary: 'x'.repeat(MAX_SUMMARY_LENGTH + 1) }, /summary is 1001 characters/],
    [{ scores: [] }, /No scores given/],
    [
      { scores: [{ competency: 'communication', score: 7, evidence: 'x' }] },
      /whole number from 1 to 5, not 7/,
    ],
    [{ scores: [{ competency: 'vibes', score: 3, evidence: 'x' }] }, /Unknown competency "vibes"/],
    [{ scores: [{ competency: 'ownership', score: 3, evidence: '' }] }, /Evidence for ownership is empty/],
  ])('rejects invalid input %# and records nothing', (overrides, message) => {
    expect(expectError(recordAnswer(atQuestion(0), answerInput('swe-1', overrides)))).toMatch(message);
  });
});

describe('nextQuestion', () => {
  it('moves from an answered background to question 1', () => {
    const result = expectOk(nextQuestion(backgroundAnswered()));
    expect(result.state).toMatchObject({ phase: 'questions', questionIndex: 0 });
    expect(result.question?.id).toBe('swe-1');
    expect(result.instruction).toBe(
      `Ask question 1 of 3: "${QUESTION_BANK.software_engineer[0]?.text}" Wait for the answer (one short follow-up is fine), then call record_answer with question_id "swe-1", then call next_question.`,
    );
    expectStorable(result.state);
  });

  it('advances through the questions and moves to wrap-up after the last', () => {
    const second = expectOk(nextQuestion(currentAnswered(0)));
    expect(second.state.questionIndex).toBe(1);
    expect(second.question?.id).toBe('swe-2');
    const wrapUp = expectOk(nextQuestion(currentAnswered(2)));
    expect(wrapUp.state).toMatchObject({ phase: 'wrap_up', questionIndex: 3 });
    expect(wrapUp.question).toBeNull();
    expect(wrapUp.instruction).toMatch(/^All 3 questions are done\..*call finish_interview/);
    expectStorable(wrapUp.state);
  });

  it('needs the current answer first, so a repeated call cannot skip a question', () => {
    expect(expectError(nextQuestion(inBackground()))).toBe(
      'The background question has no recorded answer yet: when the candidate has answered, call record_answer with question_id "background" first.',
    );
    const advanced = expectOk(nextQuestion(currentAnswered(0))).state;
    expect(expectError(nextQuestion(advanced))).toMatch(
      /^Question 2 of 3 \(swe-2\) has no recorded answer yet/,
    );
  });

  it('refuses before the profile, in wrap-up and after completion', () => {
    expect(expectError(nextQuestion(started()))).toMatch(/call save_profile/);
    expect(expectError(nextQuestion(inWrapUp()))).toMatch(/no more questions.*finish_interview/);
    expect(expectError(nextQuestion(completed()))).toMatch(/already complete/);
  });
});

describe('finishInterview', () => {
  it('completes from wrap-up with a report of every answer', () => {
    const state = inWrapUp();
    const result = expectOk(
      finishInterview(state, { strengths: [' Clear structure '], improvements: ['Quantify impact'] }),
    );
    expect(result.state.phase).toBe('completed');
    expect(result.state.report).toBe(result.report);
    expect(result.report.strengths).toEqual(['Clear structure']);
    expect(result.report.answers.map((answer) => answer.questionId)).toEqual([
      'background',
      'swe-1',
      'swe-2',
      'swe-3',
    ]);
    expect(result.report.overall).toBe(4);
    expect(result.instruction).toMatch(/complete.*overall 4 out of 5.*Do not call any tool/);
    expectStorable(result.state);
  });

  it('allows stopping early during the questions', () => {
    const result = expectOk(finishInterview(atQuestion(1), FEEDBACK));
    expect(result.state).toMatchObject({ phase: 'completed', questionIndex: 1 });
    expect(result.report.answers).toHaveLength(2);
    expectStorable(result.state);
  });

  it('refuses before the questions and when already complete', () => {
    expect(expectError(finishInterview(started(), FEEDBACK))).toMatch(/call save_profile/);
    expect(expectError(finishInterview(backgroundAnswered(), FEEDBACK))).toMatch(
      /too early to finish.*next_question/,
    );
    expect(expectError(finishInterview(completed(), FEEDBACK))).toMatch(/already complete/);
  });

  it('refuses when nothing was recorded', () => {
    const unanswered = { ...atQuestion(0), answers: [] };
    expect(expectError(finishInterview(unanswered, FEEDBACK))).toMatch(
      /^Nothing has been recorded yet.*Ask question 1 of 3/,
    );
  });

  it.each([
    [{ strengths: [] }, /strengths is empty/],
    [{ improvements: [] }, /improvements is empty/],
    [{ strengths: Array.from({ length: MAX_FEEDBACK_ITEMS + 1 }, () => 'Good') }, /strengths has 6 items/],
    [{ improvements: ['Fine', '  '] }, /improvements contains an empty item/],
    [{ strengths: ['x'.repeat(281)] }, /strengths is 281 characters/],
    [{ strengths: 'Good' as unknown as string[] }, /strengths is empty/],
  ])('rejects invalid feedback %#', (overrides, message) => {
    expect(expectError(finishInterview(inWrapUp(), { ...FEEDBACK, ...overrides }))).toMatch(message);
  });
});

describe('transitions never mutate their input', () => {
  it('leaves the given state untouched', () => {
    const state = atQuestion(1);
    const snapshot = structuredClone(state);
    recordAnswer(state, answerInput('swe-2'));
    nextQuestion(currentAnswered(1));
    finishInterview(state, FEEDBACK);
    saveProfile(state, PROFILE);
    expect(state).toEqual(snapshot);
  });
});
