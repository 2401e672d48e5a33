import 'server-only';
import { pino } from 'pino';

/** JSON lines on stdout; the level comes from LOG_LEVEL (read directly so a bad config can still be logged). */
export const logger = pino({
  name: 'web',
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'web' },
  redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[redacted]' },
});
