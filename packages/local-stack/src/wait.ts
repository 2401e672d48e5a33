import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `url` until it answers `expectStatus`, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  { timeoutMs = 30_000, expectStatus = 200, intervalMs = 200 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === expectStatus) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${expectStatus} within ${timeoutMs} ms (last: ${last})`);
}
