import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured logs go to stderr so stdout stays free for the CLI's single `ready` line. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { component: 'gemini-live-emulator' } }, pino.destination(2));
}
