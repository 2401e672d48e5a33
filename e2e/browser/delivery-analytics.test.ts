import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { type EmulatorUser, signUpUser } from '@rehearse/test-stack/firebase-users';
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
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { type SeededAnswer, seedCompletedInterview } from '../support/seed-interviews.ts';

/**
 * Home's trend and the report's delivery and comparison in a real Chromium, over three completed interviews
 * seeded in the database with known scores and `answer_recordings` rows (timing and transcript, no audio).
 * Every expected value below is worked out by hand from the seeded rows, not by the code under test.
 */

const DAY_MS = 86_400_000;
const PASSWORD = 'correct horse battery staple';

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;
let user: EmulatorUser;
let newestId: string;

const words = (count: number) => Array.from({ length: count }, () => 'word').join(' ');

/**
 * A story answer (target 60–120 s): two 30 s voiced stretches `gapMs` apart, so 60 s voiced; `wordCount` words of
 * which `fillers` are "um"; Noah speaks 20 s.
 */
function answer(
  questionId: string,
  competency: 'communication' | 'problem_solving',
  score: number,
  wordCount: number,
  fillers: number,
  gapMs: number,
): SeededAnswer {
  return {
    questionId,
    scores: [{ competency, score, evidence: 'Seeded.' }],
    recording: {
      durationMs: 70_000,
      speechSegments: [
        { startMs: 1_000, endMs: 31_000 },
        { startMs: 31_000 + gapMs, endMs: 61_000 + gapMs },
      ],
      agentSpeechMs: 20_000,
      candidateText: `${words(wordCount - fillers)} ${Array.from({ length: fillers }, () => 'um').join(' ')}`,
    },
  };
}

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-analytics-'));
  const wavFile = join(workDir, 'silence.wav');
  await writeCandidateWav(wavFile, 'Hello.', { beforeSeconds: 1, afterSeconds: 1 });
  stack = await startApiStack();
  user = await signUpUser(stack.auth.host, 'Grace');
  const now = Date.now();
  // Oldest: 100 wpm (watch), 6 "um" a minute (watch), one 5 s pause per answer, communication 2, problem solving 3.
  await seedCompletedInterview(stack.db, user, {
    endedAt: new Date(now - 3 * DAY_MS),
    answers: [
      answer('swe-2', 'communication', 2, 100, 6, 5_000),
      answer('swe-3', 'problem_solving', 3, 100, 6, 5_000),
    ],
  });
  // Middle: 130 wpm, 4 a minute, 2 s gaps (no long pause), communication 3, problem solving 3.
  await seedCompletedInterview(stack.db, user, {
    endedAt: new Date(now - 2 * DAY_MS),
    answers: [
      answer('swe-2', 'communication', 3, 130, 4, 2_000),
      answer('swe-3', 'problem_solving', 3, 130, 4, 2_000),
    ],
  });
  // Newest: 150 wpm, 2 "um" per answer, 4 s gaps, communication 4, problem solving 5, and a third answer
  // whose transcript lost its start: 60 s of voice in one stretch but only 30 words.
  newestId = await seedCompletedInterview(stack.db, user, {
    endedAt: new Date(now - DAY_MS),
    answers: [
      answer('swe-2', 'communication', 4, 150, 2, 4_000),
      answer('swe-3', 'problem_solving', 5, 150, 2, 4_000),
      {
        questionId: 'swe-5',
        scores: [{ competency: 'ownership', score: 4, evidence: 'Seeded.' }],
        recording: {
          durationMs: 62_000,
          speechSegments: [{ startMs: 1_000, endMs: 61_000 }],
          agentSpeechMs: 20_000,
          candidateText: words(30),
        },
      },
    ],
  });
  browser = await launchCandidateBrowser({ wavFile });
  page = browser.page;
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

stopAtFirstFailure(() => ({
  page,
  consoleLines: browser.consoleLines,
  agentLog: [],
  webLog: stack.web.logs,
}));

const series = (name: string) => page.locator(`figure[data-series="${name}"] circle`);
const seriesValues = (name: string) =>
  series(name).evaluateAll((circles) => circles.map((circle) => circle.getAttribute('data-value')));
const text = (testId: string) => page.getByTestId(testId).first().textContent();

describe('delivery analytics in the browser', () => {
  it('home shows a trend per competency and per delivery measure, three points each', async () => {
    await page.goto(`${stack.web.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${stack.web.url}/`);
    await page.getByTestId('progress-trends').waitFor();

    expect(await seriesValues('communication')).toEqual(['2', '3', '4']);
    expect(await seriesValues('problem_solving')).toEqual(['3', '3', '5']);
    // Ownership was scored only in the newest interview: one point, two gaps.
    expect(await seriesValues('ownership')).toEqual(['4']);
    expect(await seriesValues('pace')).toEqual(['100', '130', '150']);
    // Newest: 4 "um" over 120 s voiced plus the 12 s that 30 words take at the reference 150 wpm = 1.8 a minute.
    expect(await seriesValues('fillers')).toEqual(['6', '4', '1.8']);
    // Newest: two long pauses over three answers.
    expect(await seriesValues('long_pauses')).toEqual(['1', '0', '0.7']);
    expect(await seriesValues('talk_ratio')).toEqual(['0.75', '0.75', '0.75']);
    expect(await seriesValues('answer_length')).toEqual(['1', '1', '1']);
    // The chart is described for screen readers with every value.
    const paceChart = page.locator('figure[data-series="pace"] svg[role="img"]');
    expect(await paceChart.locator('title').first().textContent()).toMatch(
      /100 words\/min.*130 words\/min.*150 words\/min/,
    );
    await saveScreenshot(page, 'analytics-01-home-trends');
  });

  it("the newest report shows the interview's delivery, each answer's, and the comparison with the earlier two", async () => {
    await page.goto(`${stack.web.url}/interviews/${newestId}/report`);
    await page.getByTestId('delivery-summary').waitFor();
    expect(await text('interview-pace-value')).toBe('150 words/min');
    expect(await text('interview-fillers-value')).toBe('1.8 per min');
    expect(await text('interview-long_pauses-value')).toBe('0.7 per answer');
    expect(await text('interview-talk_ratio-value')).toBe('75 %');
    expect(await text('interview-answer_length-value')).toBe('100 % on target');
    await expect
      .poll(() => page.getByTestId('delivery-summary').textContent())
      .toMatch(/missed words in 1 answer/);

    const answers = page.getByTestId('answer-delivery');
    expect(await answers.count()).toBe(3);
    const first = answers.nth(0);
    expect(await first.getByTestId('answer-pace-value').textContent()).toBe('150 words/min');
    expect(await first.getByTestId('answer-fillers-value').textContent()).toBe('2.0 per min');
    expect(await first.getByTestId('answer-long_pauses-value').textContent()).toBe('1');
    expect(await first.getByTestId('answer-answer_length-value').textContent()).toBe('64 s');
    expect(await first.textContent()).toContain('Pauses over 3 s');
    expect(await first.textContent()).toContain('A pause to think is fine');
    expect(await first.getByTestId('answer-fillers').textContent()).toContain('“um” ×2');
    const dropped = answers.nth(2);
    expect(await dropped.getByTestId('answer-pace-value').textContent()).toBe('Not enough transcript');
    expect(await dropped.getByRole('note').textContent()).toMatch(/only 30 words in 60 s of speech/);

    await page.getByTestId('progress-comparison').locator('table').waitFor();
    const row = async (key: string) => ({
      current: await text(`compare-${key}-current`),
      previous: await text(`compare-${key}-previous`),
      delta: await text(`compare-${key}-delta`),
      trend: await page
        .getByTestId(`compare-${key}-delta`)
        .locator('[data-trend]')
        .getAttribute('data-trend'),
    });
    expect(await row('communication')).toEqual({
      current: '4.0',
      previous: '2.5',
      delta: '▲+1.5 (better)',
      trend: 'better',
    });
    expect(await row('problem_solving')).toEqual({
      current: '5.0',
      previous: '3.0',
      delta: '▲+2.0 (better)',
      trend: 'better',
    });
    expect(await row('pace')).toEqual({
      current: '150 words/min',
      previous: '115 words/min',
      delta: '▲+35 words/min (better)',
      trend: 'better',
    });
    expect(await row('fillers')).toEqual({
      current: '1.8 per min',
      previous: '5.0 per min',
      delta: '▼−3.2 per min (better)',
      trend: 'better',
    });
    // Ownership has nothing earlier to compare with.
    expect(await page.getByTestId('compare-ownership-current').count()).toBe(0);
    await saveScreenshot(page, 'analytics-02-report');
  });
});
