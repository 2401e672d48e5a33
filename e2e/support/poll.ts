import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `read` until `done(value)`; returns the value, or throws naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last value: ${JSON.stringify(last)})`);
}
