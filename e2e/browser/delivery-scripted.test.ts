import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '@rehearse/gemini-live-emulator';
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
 * A scripted interview whose delivery is known, end to end: Chromium's fake microphone speaks a line made with
 * espeak, the real agent records each answer (its own VAD on the audio it received) and the emulator transcribes
 * the line word for word; the report's pace and fillers must match what the script and the WAV say.
 *
 * Known from the script: 41 words, 5 fillers (um ×2, "you know", "basically", "I mean"). Known from the WAV: its
 * voiced time, measured below by a scan of our own (RMS over 20 ms frames, not the agent's VAD code).
 * Tolerance: ±10 % on pace and on fillers per minute — the audio crosses WebRTC and Opus before the agent's
 * detector sees it, which moves each voiced stretch's edges by a frame or two (tens of ms on ~15 s); the word
 * and filler counts must be exact.
 */

const SCRIPT =
  'Um, I led the payments migration at my last company, you know, and we basically moved every service onto the new queue over three months, and um, failures dropped by half, which I mean, was the whole point of the work.';
const SCRIPT_WORDS = 41;
const SCRIPT_FILLERS = { um: 2, 'you know': 1, basically: 1, 'I mean': 1 };
const TOLERANCE = 0.1;
/** The replay test's one-question interview; the candidate says the script at every turn (see scriptedScenario). */
const SCENARIO = join(import.meta.dirname, 'scenarios', 'answer-replay.json');
const STEP_TIMEOUT_MS = 60_000;
/** Four answers of ~15 s each, with Noah's replies between them. */
const INTERVIEW_TIMEOUT_MS = 300_000;
const SAMPLE_RATE = 48_000;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;
let wavVoicedMs: number;

/**
 * The WAV's voiced time by an RMS scan: 20 ms frames at or above -45 dBFS are voiced; gaps under 300 ms inside
 * speech (between words, at commas) count as speech and bursts under 60 ms do not, as a speech detector would.
 */
function voicedMsOfWav(path: string): number {
  const bytes = readFileSync(path);
  const samples = new Int16Array(bytes.buffer, bytes.byteOffset + 44, (bytes.length - 44) / 2);
  const frame = SAMPLE_RATE / 50;
  const voiced: boolean[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let sum = 0;
    for (let index = start; index < start + frame; index += 1) sum += (samples[index] ?? 0) ** 2;
    voiced.push(20 * Math.log10(Math.sqrt(sum / frame) / 32768 + 1e-12) >= -45);
  }
  const runs: { start: number; end: number }[] = [];
  voiced.forEach((on, index) => {
    if (!on) return;
    const last = runs.at(-1);
    if (last && index - last.end <= 15) last.end = index + 1;
    else runs.push({ start: index, end: index + 1 });
  });
  return runs
    .filter((run) => run.end - run.start >= 3)
    .reduce((sum, run) => sum + (run.end - run.start) * 20, 0);
}

/**
 * The fake microphone plays one WAV, so at every turn the candidate says the script, and the emulator transcribes
 * it word for word: pace and fillers in the report can be checked against the script and the WAV.
 */
function scriptedScenario() {
  const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { turns: { userTranscript?: string }[] };
  for (const turn of scenario.turns) if (turn.userTranscript !== undefined) turn.userTranscript = SCRIPT;
  return parseScenario(scenario);
}

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-delivery-'));
  const wavFile = join(workDir, 'candidate.wav');
  await writeCandidateWav(wavFile, SCRIPT);
  wavVoicedMs = voicedMsOfWav(wavFile);
  stack = await startFullStack({
    scenarioFile: SCENARIO,
    agentEnv: { INTERVIEW_QUESTION_COUNT: '1' },
    emulator: {
      scenario: scriptedScenario(),
      latency: { firstResponseMs: 100, realtimeFactor: 1, setupMs: 0, chunkMs: 200 },
    },
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

/** Says the scripted line once, whole: each unmute plays the WAV from its start. */
const sayTheLine = () => callPage(page, STEP_TIMEOUT_MS).answer(/Um, I led the payments migration/);

const numberIn = (text: string | null) => Number.parseFloat((text ?? '').replace(/[^\d.]/g, ''));

describe('a scripted interview whose pace and fillers are known', () => {
  it(
    'is spoken through the browser to the real agent, which records every answer',
    async () => {
      expect(wavVoicedMs).toBeGreaterThan(8_000);
      await page.goto(`${stack.web.url}/`);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByLabel('Your name').fill('Lin');
      await page.getByLabel('Email').fill(`lin-${randomUUID()}@example.test`);
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${stack.web.url}/`);
      await page.getByRole('link', { name: 'Start Interview' }).click();
      await page.waitForURL(/\/interview$/);
      await callPage(page, STEP_TIMEOUT_MS).muteOnJoin();
      for (const phase of ['Background', 'Question 1 of 1', 'Wrap-up', 'Completed']) {
        await sayTheLine();
        await expect
          .poll(() => page.getByTestId('progress').textContent(), { timeout: STEP_TIMEOUT_MS })
          .toBe(phase);
      }
      await page.getByRole('link', { name: 'See your report' }).click();
      await page.waitForURL(/\/interviews\/[^/]+\/report$/);
      await page.getByTestId('delivery-summary').waitFor();
    },
    INTERVIEW_TIMEOUT_MS,
  );

  it("reports each answer's pace and fillers as the script and the WAV give them", async () => {
    const expectedWpm = SCRIPT_WORDS / (wavVoicedMs / 60_000);
    const expectedFillersPerMinute = 5 / (wavVoicedMs / 60_000);
    const answers = page.getByTestId('answer-delivery');
    // The background answer and the one question.
    expect(await answers.count()).toBe(2);
    const measured: string[] = [];
    for (const answer of await answers.all()) {
      const wpm = numberIn(await answer.getByTestId('answer-pace-value').textContent());
      const fillersPerMinute = numberIn(await answer.getByTestId('answer-fillers-value').textContent());
      measured.push(`${wpm} wpm, ${fillersPerMinute} fillers/min`);
      expect(Math.abs(wpm - expectedWpm) / expectedWpm).toBeLessThanOrEqual(TOLERANCE);
      expect(
        Math.abs(fillersPerMinute - expectedFillersPerMinute) / expectedFillersPerMinute,
      ).toBeLessThanOrEqual(TOLERANCE);
      const fillers = await answer.getByTestId('answer-fillers').textContent();
      for (const [filler, count] of Object.entries(SCRIPT_FILLERS))
        expect(fillers).toContain(`“${filler}” ×${count}`);
    }
    process.stdout.write(
      `delivery: WAV voiced ${wavVoicedMs} ms → expected ${expectedWpm.toFixed(1)} wpm, ${expectedFillersPerMinute.toFixed(1)} fillers/min; report: ${measured.join('; ')}\n`,
    );
    // The rows the agent stored hold the script word for word.
    const interviewId = page.url().split('/').at(-2) ?? '';
    const rows = await stack.db.recordings.listForSession(interviewId);
    expect(rows.map((row) => row.candidateText)).toEqual([SCRIPT, SCRIPT]);
    await saveScreenshot(page, 'delivery-scripted-report');
  });
});
