import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { liveMicrophoneTracks } from './browser.ts';

/**
 * Driving the call page with the fake microphone (e2e/browser): it plays one spoken line between silences, and
 * the emulator does not recognise words, so each detected utterance moves its scenario on. The microphone stays
 * muted (with the page's own button, which releases it) and is unmuted only while Noah listens, until the answer
 * shows: each unmute opens the microphone again, so the line is heard from the start of the file.
 */
export function callPage(page: Page, stepTimeoutMs: number) {
  const agentStatus = () => page.getByTestId('agent-status');
  const progress = () => page.getByTestId('progress');
  const transcriptLines = (speaker: 'agent' | 'candidate') =>
    page.locator(`[data-testid="transcript-line"][data-speaker="${speaker}"]`);

  async function waitForText(locator: Locator, pattern: RegExp) {
    await locator.filter({ hasText: pattern }).first().waitFor();
  }

  /** The page shows the microphone muted, and still does a moment later, with the microphone released. */
  async function staysMuted() {
    const unmute = page.getByRole('button', { name: 'Unmute microphone' });
    await unmute.waitFor();
    await page.waitForTimeout(1_000);
    expect(await unmute.isVisible()).toBe(true);
    expect(await liveMicrophoneTracks(page)).toBe(0);
  }

  /**
   * Mutes the microphone once the call is set up (Noah in the room, the microphone published), and checks that
   * the mute holds. The line the microphone says as it opens reaches no one: the model hears the candidate only
   * once Noah has greeted.
   */
  async function muteOnJoin() {
    await expect
      .poll(() => agentStatus().getAttribute('data-state'), { timeout: stepTimeoutMs })
      .not.toBe('connecting');
    const button = page.getByRole('button', { name: 'Mute microphone' });
    await button.waitFor();
    await expect
      .poll(() => button.getAttribute('aria-disabled'), { timeout: stepTimeoutMs })
      .not.toBe('true');
    await button.click();
    await staysMuted();
    trace('muted on join');
  }

  /** Unmutes while Noah listens, until the transcript shows one more line from the candidate, then mutes again. */
  async function answer(expectedTranscript: RegExp) {
    await expect
      .poll(() => agentStatus().getAttribute('data-state'), { timeout: stepTimeoutMs })
      .toBe('listening');
    const before = await transcriptLines('candidate').count();
    trace(`unmuting to answer (candidate lines: ${before})`);
    await page.getByRole('button', { name: 'Unmute microphone' }).click();
    await expect
      .poll(() => transcriptLines('candidate').count(), { timeout: stepTimeoutMs })
      .toBeGreaterThan(before);
    await page.getByRole('button', { name: 'Mute microphone' }).click();
    await staysMuted();
    trace('answered and muted');
    await waitForText(transcriptLines('candidate'), expectedTranscript);
  }

  return { agentStatus, progress, transcriptLines, waitForText, staysMuted, muteOnJoin, answer };
}

export function trace(line: string) {
  if (process.env.E2E_VERBOSE) process.stderr.write(`[test ${Date.now()}] ${line}\n`);
}
