import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import type { Locator, Page } from 'playwright-core';
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
 * The candidate's whole journey in a real Chromium against the real local stack: sign up in the Auth emulator,
 * start, hear Noah greet them by name, answer, see progress move, reload mid-interview and resume at the same
 * question, finish, and read the report with the scores the agent recorded.
 *
 * The fake microphone says one line each time the page opens it (the page releases it on mute). The emulator
 * does not recognise words: each detected utterance moves its scenario on. So the test keeps the microphone muted
 * (with the page's own mute button) and unmutes it only while Noah is listening, until the answer shows up in the
 * transcript.
 */

const CANDIDATE_NAME = 'Ada';
const SCENARIO = join(import.meta.dirname, 'scenarios', 'browser-interview.json');
const STEP_TIMEOUT_MS = 45_000;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;
const screenshots: string[] = [];

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-browser-'));
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
  if (screenshots.length > 0) process.stdout.write(`screenshots:\n${screenshots.join('\n')}\n`);
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

async function screenshot(name: string) {
  screenshots.push(await saveScreenshot(page, name));
}

const call = () => callPage(page, STEP_TIMEOUT_MS);
const progress = () => call().progress();
const transcriptLines = (speaker: 'agent' | 'candidate') => call().transcriptLines(speaker);
const waitForText = (locator: Locator, pattern: RegExp) => call().waitForText(locator, pattern);
const muteOnJoin = () => call().muteOnJoin();
const answer = (expectedTranscript: RegExp) => call().answer(expectedTranscript);

/** After reload there is no user gesture yet: Chromium may hold Noah's audio until "Allow audio" is pressed. */
async function allowAudioIfAsked() {
  const allow = page.getByRole('button', { name: 'Allow audio to hear Noah' });
  if (await allow.isVisible()) await allow.click();
}

describe('a candidate in the browser', () => {
  it('signs up in the Auth emulator and lands on the home page', async () => {
    await page.goto(`${stack.web.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Local emulator').isVisible()).toBe(true);
    await screenshot('01-sign-in');

    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill(CANDIDATE_NAME);
    await page.getByLabel('Email').fill(`ada-${randomUUID()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${stack.web.url}/`);
    await page.getByRole('heading', { name: `Hello, ${CANDIDATE_NAME}` }).waitFor();
    await page.getByRole('link', { name: 'Start Interview' }).waitFor();
    expect(
      await page.getByText('Your finished interviews and their reports will appear here.').isVisible(),
    ).toBe(true);
    await screenshot('02-home');
  });

  it('starts, hears Noah greet them by name, answers, and sees the progress move', async () => {
    await page.getByRole('link', { name: 'Start Interview' }).click();
    await page.waitForURL(/\/interview$/);
    // Heard, not only read: Noah's track plays in an <audio> element and moves the visualiser. Watched in the
    // page from the start: on a loaded machine the greeting's line can show after its audio has ended.
    const greetingHeard = page
      .locator('[data-testid="visualizer"][data-active="true"]')
      .waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS * 2 });
    await muteOnJoin();

    await waitForText(transcriptLines('agent'), new RegExp(`Hello ${CANDIDATE_NAME}, I'm Noah`));
    await greetingHeard;
    const playing = await page.evaluate(() =>
      [...document.querySelectorAll('audio')].some((audio) => !audio.paused && audio.srcObject !== null),
    );
    expect(playing).toBe(true);
    await expect.poll(() => progress().textContent()).toBe('Profile');

    await answer(/A backend engineer role/);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Background');
    await waitForText(transcriptLines('agent'), /Tell me briefly about your background/);

    await answer(/I studied computer science/);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Question 1 of 1');
    await waitForText(transcriptLines('agent'), /Question 1 of 1\. Tell me about a project/);
    await screenshot('03-call-transcript');
  });

  it('reloads mid-interview and is welcomed back at the same question', async () => {
    await page.reload();
    await muteOnJoin();
    await allowAudioIfAsked();
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Question 1 of 1');
    await waitForText(
      transcriptLines('agent'),
      new RegExp(`Welcome back, ${CANDIDATE_NAME}\\. Question 1 of 1`),
    );
    await screenshot('04-call-after-reload');
  });

  it('finishes the interview and reads the report with the recorded scores', async () => {
    await answer(/I led a payments migration/);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Wrap-up');

    await answer(/No, thank you/);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Completed');
    const reportLink = page.getByRole('link', { name: 'See your report' });
    await reportLink.waitFor();
    await screenshot('05-call-completed');
    await reportLink.click();

    await page.waitForURL(/\/interviews\/[^/]+\/report$/);
    await page.getByRole('heading', { name: 'Your interview report' }).waitFor();
    // communication 4, technical depth 4, ownership 5: the mean of the competency means is 4.3.
    expect(await page.getByTestId('overall-score').textContent()).toContain('4.3');
    const bar = (competency: string) =>
      page.locator(`[data-competency="${competency}"] [data-testid="competency-score"]`).textContent();
    expect(await bar('communication')).toBe('4.0');
    expect(await bar('technical_depth')).toBe('4.0');
    expect(await bar('ownership')).toBe('5.0');
    expect(await page.getByText('Clear ownership of technical decisions').isVisible()).toBe(true);
    expect(await page.getByText('Give numbers for the size of systems').isVisible()).toBe(true);
    expect(await page.getByText('Led the work and measured the result.').isVisible()).toBe(true);
    await screenshot('06-report');

    // The page shows what the agent stored, not something of its own.
    const interviewId = page.url().split('/').at(-2) ?? '';
    const stored = await stack.db.answers.listForSession(interviewId);
    expect(
      stored.flatMap((answer) => answer.scores.map((score) => `${score.competency}:${score.score}`)).sort(),
    ).toEqual(['communication:4', 'ownership:5', 'technical_depth:4']);

    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot('07-report-phone');
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByRole('link', { name: 'View report' }).waitFor();
    await screenshot('08-home-phone-with-report');
  });

  it("did all of it within the pages' Content-Security-Policy: nothing was refused", async () => {
    const response = await page.goto(`${stack.web.url}/`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    expect(browser.consoleLines.filter((line) => /Content.Security.Policy/i.test(line))).toEqual([]);
  });
});
