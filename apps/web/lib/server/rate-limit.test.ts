import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from './rate-limit.ts';

describe('SlidingWindowRateLimiter', () => {
  it('allows `limit` attempts per window per key, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowRateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.take('alice')).toEqual({ allowed: true });
      now += 10_000;
    }
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take('bob')).toEqual({ allowed: true });
  });

  it('frees a slot once the oldest attempt leaves the window (sliding, not fixed)', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(2, 60_000, () => now);
    limiter.take('u');
    now = 30_000;
    limiter.take('u');
    now = 59_999;
    expect(limiter.take('u').allowed).toBe(false);
    now = 60_001;
    expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u').allowed).toBe(false);
  });

  it('does not count refused attempts', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(1, 1000, () => now);
    limiter.take('u');
    for (let i = 0; i < 10; i++) limiter.take('u');
    now = 1001;
    expect(limiter.take('u').allowed).toBe(true);
  });
});
