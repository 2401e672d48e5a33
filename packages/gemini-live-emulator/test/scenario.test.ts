import { describe, expect, it } from 'vitest';
import { Conversation } from '../src/conversation.ts';
import { defaultScenarioPath, loadDefaultScenario, parseScenario } from '../src/index.ts';
import { renderArgs, renderTemplate } from '../src/template.ts';
import { testScenario } from './helpers.ts';

describe('scenario files', () => {
  it('ships a valid default interview whose tool names are the agent contract', () => {
    const scenario = loadDefaultScenario();
    expect(defaultScenarioPath).toMatch(/src\/scenarios\/default-interview\.json$/);
    expect(scenario.version).toBe(1);
    const called = scenario.turns.flatMap((turn) =>
      turn.steps.flatMap((step) => ('call' in step ? step.call.map((call) => call.name) : [])),
    );
    expect(new Set(called)).toEqual(
      new Set(['save_profile', 'next_question', 'record_answer', 'finish_interview']),
    );
    expect(scenario.turns[0]?.on).toBe('instruction');
  });

  it('reports every problem with its path', () => {
    expect(() =>
      parseScenario({
        version: 2,
        name: 'x',
        turns: [{ id: 'a', on: 'sometimes', steps: [] }],
        extra: true,
      }),
    ).toThrow(/version[\s\S]*turns\[0\]\.on|turns[\s\S]*version/);
    expect(() =>
      parseScenario({
        version: 1,
        name: 'x',
        turns: [
          { id: 'a', on: 'speech', steps: [{ say: 'hi' }] },
          { id: 'a', on: 'speech', steps: [{ say: 'again' }] },
        ],
        variables: { name: { pattern: '(' } },
      }),
    ).toThrow(/duplicate id[\s\S]*invalid regular expression|invalid regular expression[\s\S]*duplicate id/);
  });
});

describe('placeholders', () => {
  const scenario = parseScenario(testScenario);

  it('fill variables from the newest matching instruction, then the system instruction, then the default', () => {
    const conversation = new Conversation();
    expect(renderTemplate('Hi {{name}}', scenario, conversation)).toBe('Hi friend');
    conversation.systemInstructions.push('Interview the candidate named Barbara.');
    expect(renderTemplate('Hi {{name}}', scenario, conversation)).toBe('Hi Barbara');
    conversation.instructions.push('Greet the candidate named Ada.', 'Nothing here.');
    expect(renderTemplate('Hi {{name}}', scenario, conversation)).toBe('Hi Ada');
  });

  it('read tool response fields, looking inside LiveKit output JSON, with defaults', () => {
    const conversation = new Conversation();
    expect(renderTemplate('{{tool.next_question.question|Default?}}', scenario, conversation)).toBe(
      'Default?',
    );
    conversation.toolResponses.set('next_question', { output: '{"question":"Why us?","question_id":"q7"}' });
    expect(renderTemplate('{{tool.next_question.question|Default?}}', scenario, conversation)).toBe(
      'Why us?',
    );
    conversation.toolResponses.set('save_note', { status: 'saved', count: 2 });
    expect(
      renderArgs(
        { a: ['{{tool.save_note.status}}', 1], b: '{{tool.save_note.count}}' },
        scenario,
        conversation,
      ),
    ).toEqual({
      a: ['saved', 1],
      b: '2',
    });
  });
});
