import 'server-only';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import { HttpError } from './http-error.ts';
import { logger } from './logger.ts';
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitStore } from './rate-limit.ts';
import { RedisRateLimitStore } from './redis-rate-limit.ts';

/**
 * The limits every instance shares (through Redis when REDIS_URL is set), each a sliding window:
 * - `start-interview:user` / `start-interview:ip`: interview starts and resumes per user and per client address;
 * - `start-interview:all`: all of them together, so accounts made in bulk cannot use up agents or model spend;
 * - `api:user`: the interviews API per user; `health-deep:ip`: the database check per client address.
 */
export type LimitName =
  | 'start-interview:user'
  | 'start-interview:ip'
  | 'start-interview:all'
  | 'api:user'
  | 'health-deep:ip';

function limitOf(name: LimitName, config: ServerConfig): { limit: number; windowMs: number } {
  const windowMs = config.START_INTERVIEW_RATE_WINDOW_SECONDS * 1000;
  switch (name) {
    case 'start-interview:user':
      return { limit: config.START_INTERVIEW_RATE_LIMIT, windowMs };
    case 'start-interview:ip':
      return { limit: config.START_INTERVIEW_IP_RATE_LIMIT, windowMs };
    case 'start-interview:all':
      return { limit: config.START_INTERVIEW_GLOBAL_RATE_LIMIT, windowMs };
    case 'api:user':
      return { limit: config.API_RATE_LIMIT, windowMs: 60_000 };
    case 'health-deep:ip':
      return { limit: config.HEALTH_DEEP_RATE_LIMIT, windowMs: 60_000 };
  }
}

const memory = new MemoryRateLimitStore();
let shared: Promise<RateLimitStore> | undefined;
/** After Redis failed, how long this instance counts in memory before it tries Redis again. */
const REDIS_RETRY_MS = 5_000;

function store(config: ServerConfig): Promise<RateLimitStore> {
  if (shared) return shared;
  if (!config.REDIS_URL) {
    logger.warn(
      'REDIS_URL is not set: rate limits are counted in this instance only (fine for one instance)',
    );
    shared = Promise.resolve(memory);
    return shared;
  }
  shared = RedisRateLimitStore.connect(config.REDIS_URL, config.REDIS_TIMEOUT_MS).catch((error: unknown) => {
    logger.error({ err: error }, 'Redis unreachable: counting rate limits in this instance for now');
    setTimeout(() => {
      shared = undefined;
    }, REDIS_RETRY_MS).unref();
    return memory;
  });
  return shared;
}

/** Counts one attempt against `name` for `key`; a 429 with Retry-After once it is used up. */
export async function enforceLimit(name: LimitName, key: string, config: ServerConfig, log: Logger) {
  const { limit, windowMs } = limitOf(name, config);
  const counted = `${name}:${key}`;
  const limiter = await store(config);
  let decision: RateLimitDecision;
  try {
    decision = await limiter.take(counted, limit, windowMs);
  } catch (error) {
    // Redis went away mid-flight: this request is still limited, by this instance's own count.
    log.warn({ err: error, limit: name }, 'shared rate-limit store failed; counted in memory');
    decision = await memory.take(counted, limit, windowMs);
  }
  if (decision.allowed) return;
  log.warn({ limit: name, retryAfterSeconds: decision.retryAfterSeconds }, 'rate limited');
  throw new HttpError(429, 'rate_limited', `too many requests; retry in ${decision.retryAfterSeconds} s`, {
    'Retry-After': String(decision.retryAfterSeconds),
  });
}

/**
 * The client's address, from X-Forwarded-For. Behind `TRUSTED_PROXY_HOPS` proxies that each append the
 * address they saw (Cloud Run's front end: 1), it is the entry that many places from the right; entries
 * further left are the client's own claims and are never used. With no proxy (0), Next.js records the
 * peer's address there only when the client sent no such header: a client that sends one can pick its
 * own address, so a directly exposed server's per-address limit is advisory (per-user and global hold).
 */
export function clientAddress(request: Request, config: ServerConfig): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-Math.max(1, config.TRUSTED_PROXY_HOPS)) ?? 'unknown';
}
