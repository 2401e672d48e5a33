import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionRecord } from '@rehearse/gemini-live-emulator';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CandidateBrowser, launchCandidateBrowser, stopAtFirstFailure } from '../support/browser.ts';
import { writeCandidateWav } from '../support/browser-speech.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/**
 * "I'm done" in a real Chromium (docs/turn-taking.md): the candidate starts with the long thinking time (3 s),
 * answers through the fake microphone, presses "I'm done" with the keyboard, and Noah's next line comes sooner
 * than 3 s of silence would have brought it. The fake microphone says one line each time it is opened; the
 * emulator's record (in this process, on this clock) says when the model heard the line start and end.
 */

const SCENARIO = join(import.meta.dirname, 'scenarios', 'done-speaking.json');
const STEP_TIMEOUT_MS = 45_000;
const LONG_THINKING_MS = 3_000;
/** The emulator detects speech after 60 ms of voice; with the way through LiveKit and the agent, ~this late. */
const DETECTION_LAG_MS = 200;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;
let lineSeconds: number;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-browser-'));
  const wavFile = join(workDir, 'candidate.wav');
  // The line, then silence far longer than the thinking time, so only "I'm done" ends the turn early.
  ({ lineSeconds } = await writeCandidateWav(wavFile, 'I would shard the keys by their hash.'));
  stack = await startFullStack({
    scenarioFile: SCENARIO,
    emulator: { latency: { firstResponseMs: 100, realtimeFactor: 1, setupMs: 0, chunkMs: 200 } },
  });
  browser = await launchCandidateBrowser({ wavFile });
  page = browser.page;
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

stopAtFirstFailure(() => ({
  page,
  consoleLines: browser.consoleLines,
  agentLog: stack.agentLog,
  webLog: stack.web.logs,
}));

const agentState = () => page.getByTestId('agent-status').getAttribute('data-state');
const doneButton = () => page.getByRole('button', { name: 'I’m done answering' });
const agentLines = () => page.locator('[data-testid="transcript-line"][data-speaker="agent"]');

/** Every Gemini Live connection of this page's interview (the only one in this stack; the plugin may reconnect). */
const modelConnections = (): readonly SessionRecord[] => stack.emulator.sessions;

/** Resolves with the time (performance.now()) of the model's next `event` in the candidate's speech. */
async function nextSpeechEvent(event: 'start' | 'end', after: number) {
  let found: number | undefined;
  await expect
    .poll(
      () => {
        found = modelConnections()
          .flatMap((connection) => connection.userSpeech)
          .find((entry) => entry.event === event && entry.at > after)?.at;
        return found !== undefined;
      },
      { timeout: STEP_TIMEOUT_MS, interval: 20 },
    )
    .toBe(true);
  return found as number;
}

describe('"I\'m done" in the browser', () => {
  it('starts an interview with the long thinking time, which is stored and reaches the model', async () => {
    await page.goto(`${stack.web.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email').fill(`ada-${randomUUID()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${stack.web.url}/`);

    const normal = page.getByRole('radio', { name: /^Normal/ });
    expect(await normal.isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^Long/ }).check();
    await page.getByRole('link', { name: 'Start Interview' }).click();
    await page.waitForURL(/\/interview\?thinking_time=long$/);

    // Noah's greeting is heard with the microphone muted: the line must not answer it (it is spoken as the
    // microphone opens, and reaches no one before the greeting is done). Muted once the call is set up (Noah in
    // the room, the microphone published), or publishing would unmute it again.
    await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).not.toBe('connecting');
    const mute = page.getByRole('button', { name: 'Mute microphone' });
    await expect.poll(() => mute.isEnabled(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    await mute.click();
    const unmute = page.getByRole('button', { name: 'Unmute microphone' });
    await unmute.waitFor();
    await page.waitForTimeout(1_000);
    expect(await unmute.isVisible()).toBe(true);
    await agentLines()
      .filter({ hasText: /Hello Ada, I'm Noah/ })
      .waitFor();
    await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).toBe('listening');

    const stored = await stack.db.pool.query<{ thinking_time: string }>(
      'SELECT thinking_time FROM interview_sessions',
    );
    expect(stored.rows).toEqual([{ thinking_time: 'long' }]);
    const silences = modelConnections().map(
      (connection) =>
        (
          connection.setup as {
            realtimeInputConfig?: { automaticActivityDetection?: { silenceDurationMs?: number } };
          }
        ).realtimeInputConfig?.automaticActivityDetection?.silenceDurationMs,
    );
    expect(silences.length).toBeGreaterThan(0);
    expect(new Set(silences)).toEqual(new Set([LONG_THINKING_MS]));
  });

  it('answers, presses "I\'m done" with the keyboard, and hears Noah sooner than the thinking time', async () => {
    const linesBefore = await agentLines().count();
    expect(await doneButton().isEnabled()).toBe(true);

    await page.getByRole('button', { name: 'Unmute microphone' }).click();
    const unmutedAt = performance.now();
    // The unmute opens the microphone again: the line is heard from its start.
    const startedAt = await nextSpeechEvent('start', unmutedAt);
    const lineEndedAt = startedAt - DETECTION_LAG_MS + lineSeconds * 1000;
    await page.waitForTimeout(Math.max(0, lineEndedAt + 300 - performance.now()));

    await doneButton().focus();
    const pressedAt = performance.now();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Noah knows you are done' }).waitFor();
    const endedAt = await nextSpeechEvent('end', startedAt);
    await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS, interval: 20 }).toBe('speaking');
    const speakingAt = performance.now();
    // Noah has the floor: nothing to end until he listens again.
    expect(await doneButton().isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Mute microphone' }).click();
    await agentLines()
      .filter({ hasText: /Tell me more about the cache/ })
      .waitFor();
    expect(await agentLines().count()).toBeGreaterThan(linesBefore);

    const sinceLineEnd = (at: number) => Math.round(at - lineEndedAt);
    process.stdout.write(
      `"I'm done" pressed ${sinceLineEnd(pressedAt)} ms after the line ended; the model ended the turn at ${sinceLineEnd(endedAt)} ms; Noah speaking in the page at ${sinceLineEnd(speakingAt)} ms (thinking time ${LONG_THINKING_MS} ms)\n`,
    );
    expect(endedAt - pressedAt).toBeLessThan(1_000);
    expect(speakingAt - lineEndedAt).toBeLessThan(LONG_THINKING_MS);
    expect(modelConnections().flatMap((connection) => connection.received)).toContainEqual({
      realtimeInput: { audioStreamEnd: true },
    });
  });
});
