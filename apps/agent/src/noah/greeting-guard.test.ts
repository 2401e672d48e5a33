import { initializeLogger, llm, voice } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { GREETING_IN_PROGRESS, GreetingGuard } from './greeting-guard.ts';

/** Lets the handle's done callbacks (queued as microtasks) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** What `refuseUntilGreeted` threw, or null when it let the call through. */
function refusal(guard: GreetingGuard, toolName: string): unknown {
  try {
    guard.refuseUntilGreeted(toolName);
    return null;
  } catch (error) {
    return error;
  }
}

describe('GreetingGuard', () => {
  beforeAll(() => initializeLogger({ pretty: false, level: 'warn' }));

  it('refuses with a ToolError until the greeting speech is done, then lets calls through', async () => {
    const refused: string[] = [];
    const guard = new GreetingGuard((name) => refused.push(name));
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    const early = refusal(guard, 'save_profile');
    expect(early).toBeInstanceOf(llm.ToolError);
    expect((early as Error).message).toBe(GREETING_IN_PROGRESS);
    expect(refused).toEqual(['save_profile']);

    greeting._markDone();
    await settle();
    expect(guard.greeted).toBe(true);
    expect(refusal(guard, 'save_profile')).toBeNull();
    expect(refused).toEqual(['save_profile']);
  });

  it('stays locked while another speech (a reply to early speech) finishes before the greeting', async () => {
    const guard = new GreetingGuard();
    const greeting = voice.SpeechHandle.create();
    const earlyReply = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    earlyReply._markDone();
    await settle();
    expect(guard.greeted).toBe(false);
    expect(refusal(guard, 'next_question')).toBeInstanceOf(llm.ToolError);
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

  it('resolves whenGreeted once the greeting is done', async () => {
    const guard = new GreetingGuard();
    const greeted = guard.whenGreeted();
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    greeting._markDone();
    await expect(greeted).resolves.toBeUndefined();
  });

  it('keeps the candidate from the model until the greeting is done', async () => {
    const guard = new GreetingGuard();
    const greeting = voice.SpeechHandle.create();
    expect(guard.mayHearCandidate(1_000)).toBe(false); // before the greeting is even asked for
    guard.greetWith(greeting);
    expect(guard.mayHearCandidate(2_000)).toBe(false);
    greeting._markDone();
    await settle();
    expect(guard.mayHearCandidate(2_001)).toBe(true);
  });

  it('lets the model hear the candidate after maxUnheardMs of audio when the greeting never ends', () => {
    const guard = new GreetingGuard(() => {}, 30_000);
    guard.greetWith(voice.SpeechHandle.create());
    expect(guard.mayHearCandidate(5_000)).toBe(false); // the first frame: the bound counts from here
    expect(guard.mayHearCandidate(34_999)).toBe(false);
    expect(guard.mayHearCandidate(35_000)).toBe(true);
  });

  it('keeps the candidate from the model while a welcome back after a rejoin is said', async () => {
    const guard = new GreetingGuard();
    const greeting = voice.SpeechHandle.create();
    guard.greetWith(greeting);
    greeting._markDone();
    await settle();
    expect(guard.mayHearCandidate(1_000)).toBe(true);
    const welcomeBack = voice.SpeechHandle.create();
    guard.hearNothingUntilDone(welcomeBack);
    expect(guard.mayHearCandidate(2_000)).toBe(false);
    welcomeBack._markDone();
    await settle();
    expect(guard.mayHearCandidate(2_001)).toBe(true);
  });
});
