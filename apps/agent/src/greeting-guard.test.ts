import { initializeLogger, llm, voice } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
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
/** Lets the handle's done callbacks (queued as microtasks) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GreetingGuard', () => {
  beforeAll(() => initializeLogger({ pretty: false, level: 'warn' }));

  it('refuses and writes nothing until the greeting speech is done', async () => {
    const refused: string[] = [];
    const guard = new GreetingGuard((name) => refused.push(name));
    const { tool, calls } = countingTool();
    const guarded = guard.guard('save', tool);
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    expect(await guarded.execute({ value: 'x' }, options)).toBe(GREETING_IN_PROGRESS);
    expect(calls).toEqual([]);
    expect(refused).toEqual(['save']);

    greeting._markDone();
    await settle();
    expect(guard.greeted).toBe(true);
    expect(await guarded.execute({ value: 'y' }, options)).toBe('saved');
    expect(calls).toEqual([{ value: 'y' }]);
  });

  it('stays locked while another speech (a reply to early speech) finishes before the greeting', async () => {
    const guard = new GreetingGuard();
    const greeting = voice.SpeechHandle.create();
    const earlyReply = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    earlyReply._markDone();
    await settle();
    expect(guard.greeted).toBe(false);
  });

  it('unlocks an interrupted greeting once its handle is done, not at the interruption', async () => {
    const guard = new GreetingGuard();
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    greeting.interrupt();
    await settle();
    expect(guard.greeted).toBe(false);
    greeting._markDone();
    await settle();
    expect(guard.greeted).toBe(true);
  });

  it('resolves whenGreeted and keeps tool names and schemas', async () => {
    const guard = new GreetingGuard();
    const { tool } = countingTool();
    const tools = guard.guardAll({ save: tool });
    expect(tools.save?.description).toBe(tool.description);
    expect(tools.save?.parameters).toBe(tool.parameters);
    const greeted = guard.whenGreeted();
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    greeting._markDone();
    await expect(greeted).resolves.toBeUndefined();
  });
});
