import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from './rate-limit.ts';

describe('MemoryRateLimitStore', () => {
  it('allows `limit` attempts per window per key, then says when to retry', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimitStore(() => now);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.take('alice', 3, 60_000)).toEqual({ allowed: true });
      now += 10_000;
    }
    expect(await limiter.take('alice', 3, 60_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await limiter.take('bob', 3, 60_000)).toEqual({ allowed: true });
  });

  it('frees a slot once the oldest attempt leaves the window (sliding, not fixed)', async () => {
    let now = 0;
    const limiter = new MemoryRateLimitStore(() => now);
    await limiter.take('u', 2, 60_000);
    now = 30_000;
    await limiter.take('u', 2, 60_000);
    now = 59_999;
    expect((await limiter.take('u', 2, 60_000)).allowed).toBe(false);
    now = 60_001;
    expect((await limiter.take('u', 2, 60_000)).allowed).toBe(true);
    expect((await limiter.take('u', 2, 60_000)).allowed).toBe(false);
  });

  it('does not count refused attempts', async () => {
    let now = 0;
    const limiter = new MemoryRateLimitStore(() => now);
    await limiter.take('u', 1, 1000);
    for (let i = 0; i < 10; i++) await limiter.take('u', 1, 1000);
    now = 1001;
    expect((await limiter.take('u', 1, 1000)).allowed).toBe(true);
  });
});
