/** One limiter's answer: allowed (and counted), or refused with the seconds until a slot frees up. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A sliding window of `limit` attempts per `windowMs`, per key. */
export interface RateLimitStore {
  readonly kind: 'memory' | 'redis';
  take(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}

/**
 * Sliding-window limiter in this process's memory: right for one instance (`npm run dev`, tests), wrong
 * for several, which each count separately (RedisRateLimitStore is shared).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(recent[0] ?? now, windowMs, now) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.forgetIdleKeys(now, windowMs);
    return { allowed: true };
  }

  // Keeps memory bounded by the keys active within one window.
  private forgetIdleKeys(now: number, windowMs: number) {
    if (this.hits.size < 10_000) return;
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - windowMs) this.hits.delete(key);
    }
  }
}

export function retryAfterSeconds(oldestMs: number, windowMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((oldestMs + windowMs - nowMs) / 1000));
}
