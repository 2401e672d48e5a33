import { describe, expect, it } from 'vitest';
import {
  applyToolCall,
  finishInterviewArgsSchema,
  type InterviewState,
  recordAnswerArgsSchema,
  saveProfileArgsSchema,
  TOOL_DEFINITIONS,
  TOOL_NAMES,
  type ToolCall,
} from '../src/index.ts';
import { started } from './fixtures.ts';

function apply(state: InterviewState, name: string, args: unknown, toolCallId = `id-${name}`) {
  const outcome = applyToolCall(state, { name, args, toolCallId });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome;
}

const SCORES = [{ competency: 'communication', score: 4, evidence: 'Clear.' }];

describe('tool names and schemas', () => {
  it('uses the agreed tool names', () => {
    expect(TOOL_NAMES).toEqual({
      saveProfile: 'save_profile',
      recordAnswer: 'record_answer',
      nextQuestion: 'next_question',
      finishInterview: 'finish_interview',
    });
    expect(Object.keys(TOOL_DEFINITIONS).sort()).toEqual(Object.values(TOOL_NAMES).sort());
    for (const definition of Object.values(TOOL_DEFINITIONS))
      expect(definition.description.length).toBeGreaterThan(20);
  });

  it('parses the documented argument shapes', () => {
    expect(saveProfileArgsSchema.parse({ name: 'Ada', target_role: 'dev', experience_years: 3 })).toEqual({
      name: 'Ada',
      target_role: 'dev',
      experience_years: 3,
    });
    expect(
      recordAnswerArgsSchema.safeParse({ question_id: 'swe-1', summary: 's', scores: SCORES }).success,
    ).toBe(true);
    expect(
      recordAnswerArgsSchema.safeParse({
        question_id: 'swe-1',
        summary: 's',
        scores: [{ competency: 'charm', score: 4, evidence: 'x' }],
      }).success,
    ).toBe(false);
    expect(finishInterviewArgsSchema.safeParse({ strengths: ['a'], improvements: 'b' }).success).toBe(false);
  });
});

describe('applyToolCall', () => {
  it('runs a whole interview from raw tool calls', () => {
    let state = started();
    const calls: Omit<ToolCall, 'toolCallId'>[] = [
      { name: 'save_profile', args: { name: 'Ada', target_role: 'UX designer', experience_years: 2 } },
      { name: 'record_answer', args: { question_id: 'background', summary: 'Agency work.', scores: SCORES } },
      { name: 'next_question', args: {} },
      { name: 'record_answer', args: { question_id: 'des-1', summary: 'Redesign.', scores: SCORES } },
      { name: 'next_question', args: undefined },
      { name: 'record_answer', args: { question_id: 'des-2', summary: 'Research.', scores: SCORES } },
      { name: 'next_question', args: {} },
      { name: 'record_answer', args: { question_id: 'des-3', summary: 'Feedback.', scores: SCORES } },
      { name: 'next_question', args: {} },
      { name: 'finish_interview', args: { strengths: ['Clear'], improvements: ['Metrics'] } },
    ];
    calls.forEach((call, index) => {
      const outcome = apply(state, call.name, call.args, `call-${index}`);
      expect(outcome.changed).toBe(true);
      state = outcome.state;
    });
    expect(state.phase).toBe('completed');
    expect(state.report?.overall).toBe(4);
  });

  it('reports an unchanged state for a duplicate call', () => {
    const args = { question_id: 'background', summary: 'Agency work.', scores: SCORES };
    const background = apply(started(), 'save_profile', {
      name: 'Ada',
      target_role: 'pm',
      experience_years: 1,
    }).state;
    const once = apply(background, 'record_answer', args, 'same');
    const twice = apply(once.state, 'record_answer', args, 'same');
    expect(twice.changed).toBe(false);
    expect(twice.state).toBe(once.state);
  });

  it('turns invalid arguments into an error the model can act on', () => {
    const outcome = applyToolCall(started(), {
      name: 'save_profile',
      args: { name: 'Ada', experience_years: 'three' },
      toolCallId: 'x',
    });
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^Invalid arguments for save_profile \(target_role: .*; experience_years: .*\): call save_profile again with valid arguments\.$/,
      ),
    });
  });

  it('passes transition errors through', () => {
    expect(applyToolCall(started(), { name: 'next_question', args: {}, toolCallId: 'x' })).toEqual({
      ok: false,
      error: expect.stringMatching(/call save_profile/),
    });
  });

  it('refuses unknown tools and lists the real ones', () => {
    expect(applyToolCall(started(), { name: 'end_call', args: {}, toolCallId: 'x' })).toEqual({
      ok: false,
      error:
        'There is no tool named "end_call": use save_profile, record_answer, next_question, finish_interview.',
    });
  });

  it('passes the question count through to save_profile', () => {
    const outcome = applyToolCall(
      started(),
      {
        name: 'save_profile',
        args: { name: 'Ada', target_role: 'pm', experience_years: 1 },
        toolCallId: 'x',
      },
      { questionCount: 5 },
    );
    expect(outcome.ok && outcome.state.questionIds).toEqual(['pm-1', 'pm-2', 'pm-3', 'pm-4', 'pm-5']);
  });
});
