import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PATHS } from '@rehearse/api-contract';
import { databaseStorage } from '@rehearse/recordings';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CandidateBrowser,
  launchCandidateBrowser,
  saveScreenshot,
  stopAtFirstFailure,
} from '../support/browser.ts';
import { writeCandidateWav } from '../support/browser-speech.ts';
import { callPage } from '../support/call-page.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/**
 * Per-answer replay in a real Chromium against the real stack: a whole (one-question) interview, then the
 * report plays the candidate's recorded answer — the `<audio>` element has that answer's clip, it plays, and the
 * highlighted word of the transcript moves with it — and the interview is deleted from the report.
 */

const SCENARIO = join(import.meta.dirname, 'scenarios', 'answer-replay.json');
/** Generous: on a shared 2-core machine a job can stall for seconds (the agent logs say so). */
const STEP_TIMEOUT_MS = 90_000;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-replay-'));
  const wavFile = join(workDir, 'candidate.wav');
  await writeCandidateWav(wavFile, 'Yes. I have worked on that for several years.');
  stack = await startFullStack({
    scenarioFile: SCENARIO,
    agentEnv: { INTERVIEW_QUESTION_COUNT: '1' },
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

/** The state of the answer's player and its transcript, read in the page. */
function playerState(questionId: string) {
  return page.evaluate((id) => {
    const replay = document.querySelector(`[data-testid="answer-replay"][data-question-id="${id}"]`);
    const audio = replay?.querySelector('audio');
    const words = [...(replay?.querySelectorAll('[data-testid="answer-transcript"] span') ?? [])];
    return {
      src: audio?.src ?? null,
      bytes: Number(audio?.getAttribute('data-clip-bytes')),
      duration: audio?.duration ?? Number.NaN,
      currentTime: audio?.currentTime ?? 0,
      paused: audio?.paused ?? true,
      label: audio?.getAttribute('aria-label') ?? null,
      currentWord: words.findIndex((word) => word.getAttribute('data-current') === 'true'),
      words: words.length,
    };
  }, questionId);
}

describe('replaying an answer on the report', () => {
  it(
    'runs a one-question interview to its report',
    async () => {
      const call = callPage(page, STEP_TIMEOUT_MS);
      await page.goto(`${stack.web.url}/sign-in`);
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByLabel('Your name').fill('Ada');
      await page.getByLabel('Email').fill(`ada-${randomUUID()}@example.test`);
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('link', { name: 'Start Interview' }).click();
      await page.waitForURL(/\/interview$/);
      await call.muteOnJoin();
      // Answer whenever Noah listens until the interview is completed (the steps are the other tests' business).
      for (let turn = 0; turn < 8 && (await call.progress().textContent()) !== 'Completed'; turn += 1) {
        await call.answer(/\S/);
        await page.waitForTimeout(3_000); // Noah's reply moves the progress on
      }
      await expect.poll(() => call.progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Completed');
      await page.getByRole('link', { name: 'See your report' }).click();
      await page.waitForURL(/\/interviews\/[^/]+\/report$/);
      await page.getByRole('heading', { name: 'Your interview report' }).waitFor();
    },
    8 * STEP_TIMEOUT_MS,
  );

  it("plays the answer's own clip, and the highlighted word moves as it plays", async () => {
    const interviewId = page.url().split('/').at(-2) ?? '';
    const recordings = await stack.db.recordings.listForSession(interviewId);
    expect(recordings.map((recording) => recording.questionIndex)).toEqual([0, 1]);
    const recording = recordings[1];
    if (!recording) throw new Error('no recording of the question');
    expect(recording.candidateText).toContain('I led a payments migration that halved failed payments.');

    // The element holds that answer's clip: the page fetched it from that answer's audio URL, the blob behind
    // the element is as long as the stored clip, and its duration (read by Chromium from the Ogg granules) is the
    // recording's. (The page's own CSP rightly refuses a fetch() of the blob: URL, so its size is read from the
    // element.)
    const audioPath = API_PATHS.answerAudio(interviewId, recording.questionId);
    const served = page.waitForResponse((response) => new URL(response.url()).pathname === audioPath);
    await page.reload();
    expect((await served).status()).toBe(200);
    await expect
      .poll(async () => (await playerState(recording.questionId)).duration, { timeout: STEP_TIMEOUT_MS })
      .toBeGreaterThan(0);
    const loaded = await playerState(recording.questionId);
    expect(loaded.src).toMatch(/^blob:/);
    expect(loaded.bytes).toBe(recording.byteLength);
    expect(recording.byteLength).toBe((await databaseStorage(stack.db).get(recording.storageKey))?.length);
    expect(loaded.label).toMatch(/^Your recorded answer to: /);
    expect(Math.abs(loaded.duration * 1000 - recording.durationMs)).toBeLessThan(100);
    expect(loaded.words).toBe(recording.candidateText.split(' ').length);
    await saveScreenshot(page, 'replay-01-report-players');

    // Play from just before the candidate's speech; a click first gives the page a user gesture to play with.
    const speechStartS = (recording.speechSegments[0]?.startMs ?? 0) / 1000;
    await page.getByRole('heading', { name: 'Your interview report' }).click();
    await page.evaluate(
      async ({ id, from }) => {
        const audio = document.querySelector<HTMLAudioElement>(
          `[data-testid="answer-replay"][data-question-id="${id}"] audio`,
        );
        if (!audio) throw new Error('no player');
        audio.currentTime = Math.max(0, from - 0.2);
        await audio.play();
      },
      { id: recording.questionId, from: speechStartS },
    );
    await expect
      .poll(async () => (await playerState(recording.questionId)).currentWord, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(0);
    const early = await playerState(recording.questionId);
    await expect
      .poll(async () => (await playerState(recording.questionId)).currentWord, { timeout: 10_000 })
      .toBeGreaterThan(early.currentWord);
    const later = await playerState(recording.questionId);
    expect(later.paused).toBe(false);
    expect(later.currentTime).toBeGreaterThan(early.currentTime);
    await saveScreenshot(page, 'replay-02-playing');
  });

  it('deletes the interview from the report after a confirmation, and returns home', async () => {
    const interviewId = page.url().split('/').at(-2) ?? '';
    await page.getByRole('button', { name: 'Delete interview' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL(`${stack.web.url}/`);
    expect(await stack.db.interviews.get(interviewId)).toBeNull();
    expect(await stack.db.recordings.listForSession(interviewId)).toEqual([]);
  });
});
