import { llm } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyTool, GREETING_IN_PROGRESS, GreetingGuard } from './greeting-guard.ts';

function countingTool() {
  const calls: unknown[] = [];
  const tool = llm.tool({
    description: 'records something',
    parameters: z.object({ value: z.string() }),
    execute: async (args) => {
      calls.push(args);
      return 'saved';
    },
  });
  return { tool, calls };
}

const options = { toolCallId: 'call-1' } as Parameters<AnyTool['execute']>[1];

describe('GreetingGuard', () => {
  it('refuses and writes nothing until the greeting has been spoken', async () => {
    const refused: string[] = [];
    const guard = new GreetingGuard((name) => refused.push(name));
    const { tool, calls } = countingTool();
    const guarded = guard.guard('save', tool);
    guard.expectGreeting();
    guard.onAgentStateChanged('listening', 'thinking');
    guard.onAgentStateChanged('thinking', 'speaking');
    expect(await guarded.execute({ value: 'x' }, options)).toBe(GREETING_IN_PROGRESS);
    expect(calls).toEqual([]);
    expect(refused).toEqual(['save']);

    guard.onAgentStateChanged('speaking', 'listening');
    expect(guard.greeted).toBe(true);
    expect(await guarded.execute({ value: 'y' }, options)).toBe('saved');
    expect(calls).toEqual([{ value: 'y' }]);
  });

  it('ignores speaking → listening before the greeting was requested', () => {
    const guard = new GreetingGuard();
    guard.onAgentStateChanged('speaking', 'listening');
    expect(guard.greeted).toBe(false);
    guard.expectGreeting();
    guard.onAgentStateChanged('speaking', 'thinking');
    expect(guard.greeted).toBe(false);
  });

  it('resolves whenGreeted and keeps tool names and schemas', async () => {
    const guard = new GreetingGuard();
    const { tool } = countingTool();
    const tools = guard.guardAll({ save: tool });
    expect(tools.save?.description).toBe(tool.description);
    expect(tools.save?.parameters).toBe(tool.parameters);
    const greeted = guard.whenGreeted();
    guard.expectGreeting();
    guard.onAgentStateChanged('speaking', 'listening');
    await expect(greeted).resolves.toBeUndefined();
  });
});
