import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.ts';
import {
  type CandidateBrowser,
  launchCandidateBrowser,
  saveScreenshot,
  stopAtFirstFailure,
} from '../support/browser.ts';
import { writeCandidateWav } from '../support/browser-speech.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/**
 * The candidate's journey with the keyboard only, checked by axe-core on every page: sign up, start the
 * interview, mute and answer with Enter, reach every call control with Tab (again after a reload), read Noah's words as captions and
 * hear each finished line from the transcript's live region once, and open the report from the link that takes
 * the focus when the interview ends. With "reduce motion" set, Noah's visualiser stands still.
 *
 * axe fails the test on any serious or critical violation. As in interview-journey.test.ts, the fake microphone
 * says one line each time it is opened, so the microphone stays muted except to answer.
 */

const CANDIDATE_NAME = 'Lin';
const SCENARIO = join(import.meta.dirname, 'scenarios', 'browser-interview.json');
const STEP_TIMEOUT_MS = 45_000;
/** More Tab presses than any page here has stops: reaching none of them within this is a failure. */
const MAX_TABS = 25;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-a11y-'));
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
  await page.addInitScript(recordAnnouncements);
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
const progress = () => page.getByTestId('progress');
const candidateLines = () => page.locator('[data-testid="transcript-line"][data-speaker="candidate"]');
const visualizer = () => page.getByTestId('visualizer');

/**
 * Runs in the page before its own scripts: keeps every text the transcript's live region takes, in order, in
 * `window.announcements` — what a screen reader would have read.
 */
function recordAnnouncements() {
  const said: string[] = [];
  Object.assign(window, { announcements: said });
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="transcript-announcement"]')?.textContent ?? '';
    if (text !== '' && text !== said.at(-1)) said.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

function announcements(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { announcements: string[] }).announcements);
}

/** The focused element in a few words, for the messages of a failed Tab walk. */
function describeFocus(): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? '';
    return `${element.tagName.toLowerCase()} "${name}"`;
  });
}

function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement).catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, and checks that the focus shows: a keyboard user
 * must see where they are. Fails with the path the focus took when it never gets there.
 */
async function tabTo(target: Locator, { backwards = false } = {}): Promise<void> {
  const path: string[] = [];
  for (let presses = 0; presses < MAX_TABS; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await isFocused(target)) {
      const ring = await target.evaluate((element) => {
        const style = getComputedStyle(element);
        return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
      });
      expect(ring.style, `focus ring of ${await describeFocus()}`).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      return;
    }
    path.push(await describeFocus());
  }
  throw new Error(`the keyboard never reached ${target}; the focus went ${path.join(' → ')}`);
}

async function expectNoSeriousViolations(name: string) {
  const violations = await seriousAxeViolations(page);
  await saveScreenshot(page, `a11y-${name}`);
  expect(violations, `axe on ${name}`).toEqual([]);
}

/**
 * From now on, in the page at every animation frame: the visualiser's distinct bar heights and highlights while
 * Noah's track has sound. Recorded in the page, so a short reply on a loaded machine is not missed between two
 * polls of the test. The returned function reads what was seen so far.
 */
async function recordVisualizerWhileSounding(): Promise<() => Promise<{ frames: number; sound: boolean }>> {
  await page.evaluate(() => {
    const record = window as unknown as {
      __visualizer?: { frames: Set<string>; sound: boolean; raf: number };
    };
    if (record.__visualizer) cancelAnimationFrame(record.__visualizer.raf);
    const seen = { frames: new Set<string>(), sound: false, raf: 0 };
    record.__visualizer = seen;
    const sample = () => {
      const element = document.querySelector('[data-testid="visualizer"]');
      if (element?.getAttribute('data-active') === 'true') {
        seen.sound = true;
        seen.frames.add(
          [...element.querySelectorAll('span')]
            .map((bar) => `${bar.style.height}:${bar.getAttribute('data-lk-highlighted')}`)
            .join(' '),
        );
      }
      seen.raf = requestAnimationFrame(sample);
    };
    sample();
  });
  return () =>
    page.evaluate(() => {
      const seen = (window as unknown as { __visualizer: { frames: Set<string>; sound: boolean } })
        .__visualizer;
      return { frames: seen.frames.size, sound: seen.sound };
    });
}

/** Noah's reply to an answer, as the visualiser showed it from before the answer until he listens again. */
async function visualizerDuringReply(answer: RegExp) {
  const seen = await recordVisualizerWhileSounding();
  await answerWithKeyboard(answer);
  await expect.poll(async () => (await seen()).sound, { timeout: STEP_TIMEOUT_MS }).toBe(true);
  await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).toBe('listening');
  return seen();
}

/** Once Noah is in the call: Tab to the microphone button and mute with Enter. */
async function muteWithKeyboard() {
  await expect.poll(agentState, { timeout: 60_000 }).not.toBe('connecting');
  const mute = page.getByRole('button', { name: 'Mute microphone' });
  await expect.poll(() => mute.isEnabled(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
  await tabTo(mute);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
}

/**
 * With the focus on the microphone button: unmute with Enter while Noah listens, answer, mute again — except
 * after the last answer, when the report link takes the focus as the interview completes.
 */
async function answerWithKeyboard(expectedTranscript: RegExp, { last = false } = {}) {
  const unmute = page.getByRole('button', { name: 'Unmute microphone' });
  await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).toBe('listening');
  expect(await isFocused(unmute)).toBe(true);
  const before = await candidateLines().count();
  await page.keyboard.press('Enter');
  await expect.poll(() => candidateLines().count(), { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(before);
  if (last) return;
  await page.keyboard.press('Enter');
  await unmute.waitFor();
  expect(await isFocused(unmute)).toBe(true);
  await candidateLines().filter({ hasText: expectedTranscript }).first().waitFor();
}

describe('a keyboard-only candidate, with axe-core on every page', () => {
  it('finds a skip link first and a sign-in page without serious violations, and signs up by keyboard', async () => {
    await page.goto(`${stack.web.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    await expectNoSeriousViolations('sign-in');

    const skip = page.getByRole('link', { name: 'Skip to content' });
    await tabTo(skip);
    expect((await skip.boundingBox())?.x).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await isFocused(page.getByRole('main'))).toBe(true);

    await tabTo(page.getByRole('button', { name: 'Create an account' }));
    await page.keyboard.press('Enter');
    await tabTo(page.getByLabel('Your name'), { backwards: true });
    await page.keyboard.type(CANDIDATE_NAME);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`lin-${randomUUID()}@example.test`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery staple');
    await tabTo(page.getByRole('button', { name: 'Create account' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Hello, ${CANDIDATE_NAME}` }).waitFor();
  });

  it('has a home page without serious violations, and starts the interview with Tab and Enter', async () => {
    await page.getByText('Your finished interviews and their reports will appear here.').waitFor();
    await expectNoSeriousViolations('home');
    await tabTo(page.getByRole('link', { name: 'Start Interview' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/interview$/);
  });

  it('mutes by keyboard, reaches every call control, and the live call has no serious violations', async () => {
    await muteWithKeyboard();
    await tabTo(page.getByRole('button', { name: 'End call' }));
    await tabTo(page.getByRole('region', { name: 'Conversation so far' }));
    await tabTo(page.getByRole('button', { name: 'Unmute microphone' }), { backwards: true });

    await page
      .getByTestId('live-captions')
      .filter({ hasText: `Hello ${CANDIDATE_NAME}, I'm Noah` })
      .waitFor();
    await expectNoSeriousViolations('call');
  });

  it('shows Noah as captions and says each finished line once, politely', async () => {
    const announcement = page.getByTestId('transcript-announcement');
    expect(await announcement.getAttribute('aria-live')).toBe('polite');
    const greeting = `Noah: Hello ${CANDIDATE_NAME}, I'm Noah. Which role are you preparing for?`;
    await expect.poll(() => announcement.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe(greeting);
    // Read whole, not word by word as it was transcribed: at most one early cut (a stall of the machine
    // longer than the quiet interval), and only ever the start of the line.
    const said = await announcements();
    expect(said.at(-1)).toBe(greeting);
    expect(said.length).toBeLessThanOrEqual(2);
    for (const text of said) expect(greeting.startsWith(text)).toBe(true);
    // The visible transcript is not itself a live region: it changes word by word.
    expect(
      await page
        .getByRole('region', { name: 'Conversation so far' })
        .evaluate(
          (element) => element.closest('[aria-live]') === null && !element.querySelector('[aria-live]'),
        ),
    ).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Noah is in the call.' }).count()).toBe(1);
  });

  it('keeps the visualiser still when the candidate asks for reduced motion', async () => {
    // Without the setting, the bars move while Noah speaks (this is what the check below would catch).
    const moving = await visualizerDuringReply(/A backend engineer role/);
    expect(moving.frames).toBeGreaterThan(1);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect.poll(() => visualizer().getAttribute('data-motion')).toBe('reduced');
    const still = await visualizerDuringReply(/I studied computer science/);
    expect(still.frames).toBe(1);
    expect(await visualizer().evaluate((element) => element.getAnimations({ subtree: true }).length)).toBe(0);
  });

  it('reloads mid-interview and carries on by keyboard: mute, allow audio, the same question', async () => {
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Question 1 of 1');
    await page.reload();
    await muteWithKeyboard();
    // After a reload there is no user gesture yet: Chromium may hold Noah's audio until this is pressed.
    const allowAudio = page.getByRole('button', { name: 'Allow audio to hear Noah' });
    if (await allowAudio.isVisible()) {
      await tabTo(allowAudio, { backwards: true });
      await page.keyboard.press('Enter');
      await tabTo(page.getByRole('button', { name: 'Unmute microphone' }));
    }
    await page
      .getByTestId('live-captions')
      .filter({ hasText: `Welcome back, ${CANDIDATE_NAME}. Question 1 of 1` })
      .waitFor();
  });

  it('finishes by keyboard; the report link takes the focus, and the report has no serious violations', async () => {
    await answerWithKeyboard(/I led a payments migration/);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Wrap-up');
    await answerWithKeyboard(/No, thank you/, { last: true });
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Completed');
    // Since the reload, the live region spoke about once per line, not once per transcribed word.
    expect((await announcements()).length).toBeLessThanOrEqual(
      (await page.getByTestId('transcript-line').count()) + 2,
    );

    const reportLink = page.getByRole('link', { name: 'See your report' });
    await expect.poll(() => isFocused(reportLink)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/interviews\/[^/]+\/report$/);
    await page.getByRole('heading', { name: 'Your interview report' }).waitFor();
    await expectNoSeriousViolations('report');
  });
});
