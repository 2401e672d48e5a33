import 'server-only';
import type { ServerConfig } from './config.ts';
import { HttpError } from './http-error.ts';
import { SlidingWindowRateLimiter } from './rate-limit.ts';

let limiter: SlidingWindowRateLimiter | undefined;

/**
 * Every authenticated start-bot request counts (resume or new room): each one mints a token and calls LiveKit,
 * and a refreshing tab needs far fewer than START_BOT_RATE_LIMIT per window. Unauthenticated requests never
 * reach this point. Per process (see rate-limit.ts for multi-instance deployments).
 */
export function takeStartBotSlot(uid: string, config: ServerConfig): void {
  limiter ??= new SlidingWindowRateLimiter(
    config.START_BOT_RATE_LIMIT,
    config.START_BOT_RATE_WINDOW_SECONDS * 1000,
  );
  const result = limiter.take(uid);
  if (!result.allowed) {
    throw new HttpError(
      429,
      'rate_limited',
      `too many interview starts; retry in ${result.retryAfterSeconds} s`,
      { 'Retry-After': String(result.retryAfterSeconds) },
    );
  }
}
