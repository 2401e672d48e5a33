import { describe, expect, it } from 'vitest';
import { type QueuedWrite, WriteBehindQueue, type WriteBehindQueueOptions } from './write-behind-queue.ts';

class PermanentError extends Error {}

/** A queue over an in-memory "database" that can be down, and that refuses text with a NUL in it. */
function harness(options: Partial<WriteBehindQueueOptions> = {}) {
  const written: string[] = [];
  const events: string[] = [];
  const setAside: string[] = [];
  const dropped: string[] = [];
  const database = { up: true };
  const queue = new WriteBehindQueue({
    isPermanent: (error) => error instanceof PermanentError,
    onFailure: (_error, pending) => events.push(`failed with ${pending} pending`),
    onRecovered: (pending) => events.push(`recovered with ${pending} pending`),
    onSetAside: (write) => setAside.push(String(write.payload)),
    onDropped: (write, total) => dropped.push(`${String(write.payload)} (${total})`),
    retryMinMs: 5,
    retryMaxMs: 20,
    ...options,
  });
  const write = (payload: string, extra: Partial<QueuedWrite> = {}): QueuedWrite => ({
    kind: 'test',
    payload,
    run: async () => {
      if (!database.up) throw new Error('connection refused');
      if (payload.includes('\0')) throw new PermanentError('invalid byte sequence for encoding UTF8: 0x00');
      written.push(payload);
    },
    ...extra,
  });
  return { queue, write, written, events, setAside, dropped, database };
}

describe('WriteBehindQueue', () => {
  it('keeps order and retries a failing write until it succeeds, skipping nothing', async () => {
    const { queue, write, written, events, database } = harness();
    database.up = false;
    for (const value of ['a', 'b', 'c']) queue.push(write(value));
    expect(await queue.flush(50)).toBe(false);
    expect(written).toEqual([]);
    database.up = true;
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['a', 'b', 'c']);
    expect(events.at(0)).toBe('failed with 3 pending');
    expect(events.at(-1)).toBe('recovered with 2 pending');
  });

  it('sets a permanently refused write aside once and writes everything behind it', async () => {
    const { queue, write, written, events, setAside } = harness();
    for (const value of ['greeting', 'bad\0line', 'profile', 'answer']) queue.push(write(value));
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['greeting', 'profile', 'answer']);
    expect(setAside).toEqual(['bad\0line']);
    expect(events).toEqual([]); // not retried
  });

  it('coalesces state writes while the database is down: only the latest one is written, in its place', async () => {
    const { queue, write, written, database } = harness();
    database.up = false;
    queue.push(write('state 1', { coalesceKey: 'state' }));
    queue.push(write('answer 1'));
    queue.push(write('state 2', { coalesceKey: 'state' }));
    queue.push(write('state 3', { coalesceKey: 'state' }));
    await queue.flush(30);
    // 'state 1' was in flight (failing) when the others came: it is never replaced under its own feet.
    expect(queue.pending).toBe(3);
    database.up = true;
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['state 1', 'answer 1', 'state 3']);
  });

  it('stays bounded: drops the oldest transcript lines, counted, never the answers or the state', async () => {
    const { queue, write, written, dropped, database } = harness({ maxPending: 4 });
    database.up = false;
    queue.push(write('line 1', { droppable: true })); // in flight
    queue.push(write('answer', { kind: 'answer' }));
    queue.push(write('line 2', { droppable: true }));
    queue.push(write('line 3', { droppable: true }));
    queue.push(write('state', { coalesceKey: 'state' }));
    queue.push(write('line 4', { droppable: true }));
    expect(queue.pending).toBe(4);
    expect(dropped).toEqual(['line 2 (1)', 'line 3 (2)']);
    database.up = true;
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['line 1', 'answer', 'state', 'line 4']);
    expect(queue.dropped).toBe(2);
  });

  it('holds writes while paused and writes them in order once resumed', async () => {
    const { queue, write, written } = harness();
    queue.pause();
    queue.push(write('a'));
    queue.push(write('b'));
    expect(await queue.flush(50)).toBe(false);
    expect(written).toEqual([]);
    queue.resume();
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['a', 'b']);
  });
});
