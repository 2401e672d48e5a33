import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import { jobPid } from '@rehearse/test-stack/test-agent';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CandidateBrowser,
  launchCandidateBrowser,
  saveScreenshot,
  setMicrophonePermission,
  stopAtFirstFailure,
} from '../support/browser.ts';
import { writeCandidateWav } from '../support/browser-speech.ts';
import { callPage } from '../support/call-page.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * The call's failure paths in a real Chromium against the real local stack, in order: the microphone blocked,
 * then allowed; the network dropping mid-call and coming back; Noah's job process killed (a new Noah comes by
 * itself); the model unreachable (Noah says so, Resume carries on); ending the call mid-interview, after which the
 * home page offers to resume where it stopped, or to abandon the interview for a fresh start; and, for a new
 * candidate, Noah never joining because no agent worker is running, with "Try again" asking the server again.
 *
 * As in interview-journey.test.ts, the fake microphone says one line each time it is opened and the emulator
 * moves its scenario on at each utterance, so the microphone stays muted except to answer.
 */

const SCENARIO = join(import.meta.dirname, 'scenarios', 'browser-interview.json');
const STEP_TIMEOUT_MS = 45_000;

let stack: Stack;
let browser: CandidateBrowser;
let page: Page;
let workDir: string;
const screenshots: string[] = [];
/** Every POST /api/start-interview the page sent. */
let startInterviewRequests = 0;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-browser-failures-'));
  const wavFile = join(workDir, 'candidate.wav');
  await writeCandidateWav(wavFile, 'Yes. I have worked on that for several years.');
  stack = await startFullStack({
    scenarioFile: SCENARIO,
    agentEnv: { INTERVIEW_QUESTION_COUNT: '1' },
    emulator: { latency: { firstResponseMs: 100, realtimeFactor: 1, setupMs: 0, chunkMs: 200 } },
  });
  browser = await launchCandidateBrowser({ wavFile, microphone: 'per-site' });
  page = browser.page;
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/start-interview')
      startInterviewRequests++;
  });
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

const agentState = () => page.getByTestId('agent-status').getAttribute('data-state');
const progress = () => page.getByTestId('progress');
const reconnectingBanner = () => page.getByText('Connection lost. Reconnecting…');
const agentLines = () => page.locator('[data-testid="transcript-line"][data-speaker="agent"]');
const modelLostNotice = () => page.getByTestId('model-lost');
const agentMissingNotice = () =>
  page.getByRole('alert').filter({ hasText: 'Noah has not joined after 20 seconds' });

const call = () => callPage(page, STEP_TIMEOUT_MS);
const muteOnJoin = () => call().muteOnJoin();
/** One answer, whatever its words: this file is about the call, not the interview. */
const answer = () => call().answer(/\S/);

/** The signed-in candidate's interview in progress, as the agent's log and the database name it. */
async function liveInterview(): Promise<{ id: string; room_name: string }> {
  const { rows } = await stack.db.pool.query(
    "SELECT id, room_name FROM interview_sessions WHERE status IN ('pending', 'active') ORDER BY created_at DESC LIMIT 1",
  );
  return rows[0];
}

async function signUp(name: string) {
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${randomUUID()}@example.test`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Hello, ${name}` }).waitFor();
}

describe('a candidate whose call goes wrong', () => {
  it('is told the microphone is blocked, and no interview starts until it is allowed', async () => {
    await page.goto(`${stack.web.url}/sign-in`);
    await setMicrophonePermission(browser, stack.web.url, 'denied');
    await signUp('Grace');

    await page.getByRole('link', { name: 'Start Interview' }).click();
    await page.waitForURL(/\/interview$/);
    await page.getByRole('heading', { name: 'Microphone access is blocked' }).waitFor();
    expect(await page.getByText('Allow the microphone for this site').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await screenshot('10-microphone-blocked');

    // Still blocked on retry: the page asks again and stays put, without starting anything.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Microphone access is blocked' }).waitFor();
    expect(startInterviewRequests).toBe(0);
    expect(stack.web.logs.some((line) => line.includes('join token issued'))).toBe(false);

    // Allowed in the site settings, "Try again" starts the interview.
    await setMicrophonePermission(browser, stack.web.url, 'granted');
    await page.getByRole('button', { name: 'Try again' }).click();
    await muteOnJoin();
    expect(startInterviewRequests).toBe(1);
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Profile');
  });

  it('shows "Reconnecting…" while the network is down, and carries on when it is back', async () => {
    await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).toBe('listening');
    await browser.context.setOffline(true);
    await reconnectingBanner().waitFor();
    expect(await agentState()).toBe('reconnecting');
    await screenshot('11-reconnecting');

    await browser.context.setOffline(false);
    await reconnectingBanner().waitFor({ state: 'hidden', timeout: 60_000 });
    await expect.poll(agentState, { timeout: STEP_TIMEOUT_MS }).toBe('listening');
    expect(await page.getByText('The call was disconnected').count()).toBe(0);
    await screenshot('12-reconnected');
  });

  it('shows "Noah is reconnecting…" when his process dies, and a new Noah carries on at the same question', async () => {
    await answer();
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Background');
    const interview = await liveInterview();
    // The page shows progress once it is saved, or after the database's timeout when the database is slow; this
    // case is Noah dying at a saved question (an unsaved one is e2e/agent/crash-recovery.test.ts).
    await until(
      'the profile to be saved',
      () => stack.db.interviews.get(interview.id),
      (row) => row?.phase === 'background',
      STEP_TIMEOUT_MS,
    );
    const pid = await until(
      "the agent job's pid",
      async () => jobPid(stack.agentLog, interview.room_name),
      (found) => found !== undefined,
    );
    const agentLinesBefore = await agentLines().count();
    const connectionsBefore = stack.emulator.sessions.length;

    process.kill(pid as number, 'SIGKILL');
    // LiveKit notices a killed peer only after its own timeout (about 20 s).
    await expect.poll(agentState, { timeout: 60_000 }).toBe('agent-reconnecting');
    expect(await page.getByText('Noah is reconnecting…').isVisible()).toBe(true);
    await screenshot('13-noah-reconnecting');

    // The webhook sends a new agent; it welcomes the candidate back at the saved question.
    await expect.poll(agentState, { timeout: 90_000 }).toBe('listening');
    await expect
      .poll(() => agentLines().count(), { timeout: STEP_TIMEOUT_MS })
      .toBeGreaterThan(agentLinesBefore);
    expect(await progress().textContent()).toBe('Background');
    const opening = JSON.stringify(stack.emulator.sessions.slice(connectionsBefore).map((s) => s.received));
    expect(opening).toContain('reconnected to an interview already in progress');
    expect((await stack.db.interviews.get(interview.id))?.phase).toBe('background');
    await screenshot('14-noah-back');
  });

  it('is told Noah lost his connection when the model is unreachable, and Resume carries on at the same question', async () => {
    const connection = stack.emulator.sessions.at(-1);
    stack.emulator.setFaults({ quotaExceeded: true });
    connection?.drop();
    await modelLostNotice().waitFor({ timeout: 60_000 });
    expect(await agentState()).toBe('model-lost');
    expect(await page.getByText('Noah is reconnecting…').count()).toBe(0);
    await screenshot('15-model-lost');

    stack.emulator.setFaults({});
    const before = startInterviewRequests;
    await modelLostNotice().getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => startInterviewRequests, { timeout: STEP_TIMEOUT_MS }).toBe(before + 1);
    await expect.poll(() => modelLostNotice().count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    await expect.poll(agentState, { timeout: 90_000 }).toBe('listening');
    await expect.poll(() => progress().textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Background');
    await screenshot('16-model-back');
  });

  it('ends the call mid-interview and is offered to resume where it stopped', async () => {
    await page.getByRole('button', { name: 'End call' }).click();
    await page.waitForURL(`${stack.web.url}/`);
    await page.getByRole('link', { name: 'Resume interview' }).waitFor();
    expect(await page.getByTestId('resume-position').textContent()).toBe('Background');
    await screenshot('17-home-resume');
  });

  it('abandons the unfinished interview from home, which then offers a fresh start and lists it as Abandoned', async () => {
    await page.getByRole('button', { name: 'Abandon interview' }).click();
    await page.getByRole('button', { name: 'Yes, abandon it' }).click();
    await page.getByRole('link', { name: 'Start Interview' }).waitFor();
    expect(await page.getByRole('link', { name: 'Resume interview' }).count()).toBe(0);
    await page.getByTestId('past-interview').filter({ hasText: 'Abandoned' }).waitFor();
    await screenshot('18-home-abandoned');

    // Grace's only interview so far.
    const { rows } = await stack.db.pool.query('SELECT status, ended_at FROM interview_sessions');
    expect(rows).toEqual([{ status: 'abandoned', ended_at: expect.any(Date) }]);
  });

  it('says Noah has not joined when no agent takes the job, and "Try again" asks for one again', async () => {
    // A new candidate, so the interview and its room are created while no agent worker is registered.
    await stack.stopAgent();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signUp('Alan');
    const before = startInterviewRequests;
    await page.getByRole('link', { name: 'Start Interview' }).click();
    await page.getByRole('button', { name: 'End call' }).waitFor();
    expect(startInterviewRequests).toBe(before + 1);
    expect(await agentState()).toBe('connecting');

    // The page's own bound (AGENT_JOIN_TIMEOUT_MS, 20 s) plus a margin for a loaded machine.
    await agentMissingNotice().waitFor({ timeout: 60_000 });
    await screenshot('19-agent-not-joined');

    await stack.startAgent();
    await agentMissingNotice().getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => startInterviewRequests, { timeout: STEP_TIMEOUT_MS }).toBe(before + 2);
    await expect.poll(() => agentMissingNotice().count()).toBe(0);
    await page.getByRole('button', { name: 'End call' }).waitFor();
  });

  // livekit-server drops a dispatch made while no worker is registered; start-interview dispatches again.
  it('brings Noah in on "Try again" once an agent is free again', async () => {
    await expect.poll(agentState, { timeout: 30_000 }).not.toBe('connecting');
  });
});
