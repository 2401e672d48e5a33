import { pino } from 'pino';

/** JSON logs; every job's child logger carries room, participant and interview ids. */
export const rootLogger = pino({
  name: 'rehearse-agent',
  level: process.env.LOG_LEVEL ?? 'info',
  base: { pid: process.pid },
});

export type Logger = typeof rootLogger;
