import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { type RateLimitDecision, type RateLimitStore, retryAfterSeconds } from './rate-limit.ts';
import { withTimeout } from './timeout.ts';

/**
 * The sliding window as a sorted set of attempt times, checked and counted in one atomic script on the
 * server's own clock (instances' clocks may differ). Refused attempts are not counted.
 */
const SLIDING_WINDOW = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs - windowMs)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]), nowMs}
end
redis.call('ZADD', KEYS[1], nowMs, ARGV[3])
redis.call('PEXPIRE', KEYS[1], windowMs)
return {1, 0, nowMs}
`;

function newClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
    },
    commandsQueueMaxLength: 1_000,
  });
}

type Client = ReturnType<typeof newClient>;

/** Limits shared by every web instance that points at the same Redis. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis';

  private constructor(
    private readonly client: Client,
    private readonly timeoutMs: number,
  ) {}

  /** Connected within `timeoutMs`, or throws (the caller falls back). */
  static async connect(url: string, timeoutMs: number): Promise<RedisRateLimitStore> {
    const client = newClient(url, timeoutMs);
    client.on('error', () => {}); // reported per call by the callers; reconnects by itself
    try {
      // connect() itself retries forever while nothing listens: bounded here.
      await withTimeout('redis', timeoutMs, client.connect());
    } catch (error) {
      client.destroy();
      throw error;
    }
    return new RedisRateLimitStore(client, timeoutMs);
  }

  async take(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const reply = this.client.eval(SLIDING_WINDOW, {
      keys: [`rehearse:rate:${key}`],
      arguments: [String(windowMs), String(limit), `${Date.now()}-${randomUUID()}`],
    });
    const [allowed, oldestMs, nowMs] = (await withTimeout('redis', this.timeoutMs, reply)) as [
      number,
      number,
      number,
    ];
    if (allowed === 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(oldestMs, windowMs, nowMs) };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
