import { describe, expect, it } from 'vitest';
import { WriteBehindQueue } from './write-behind-queue.ts';

describe('WriteBehindQueue', () => {
  it('keeps order and retries a failing write until it succeeds, skipping nothing', async () => {
    const written: string[] = [];
    const events: string[] = [];
    let databaseUp = false;
    const queue = new WriteBehindQueue({
      onFailure: (_error, pending) => events.push(`failed with ${pending} pending`),
      onRecovered: (pending) => events.push(`recovered with ${pending} pending`),
      retryMinMs: 5,
      retryMaxMs: 20,
    });
    const write = (value: string) => async () => {
      if (!databaseUp) throw new Error('connection refused');
      written.push(value);
    };
    queue.push(write('a'));
    queue.push(write('b'));
    queue.push(write('c'));
    expect(await queue.flush(50)).toBe(false);
    expect(written).toEqual([]);
    databaseUp = true;
    expect(await queue.flush(2_000)).toBe(true);
    expect(written).toEqual(['a', 'b', 'c']);
    expect(events.at(0)).toBe('failed with 3 pending');
    expect(events.at(-1)).toBe('recovered with 2 pending');
  });
});
