/**
 * Sliding-window limiter per key (the uid), in this process's memory. Enough for one instance; several
 * instances behind a load balancer each count separately, so a multi-instance deployment needs a shared store
 * (Redis INCR with expiry, or a table) behind the same interface.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts this attempt if allowed; when refused, says how many seconds until a slot frees up. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.forgetIdleKeys(now);
    return { allowed: true };
  }

  // Keeps memory bounded by the users active within one window.
  private forgetIdleKeys(now: number) {
    if (this.hits.size < 10_000) return;
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(key);
    }
  }
}
