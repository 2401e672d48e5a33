import { z } from 'zod';

// Reusable, self-describing field types: each message says what the variable expects.
export const required = (what: string) =>
  z.string({ error: `must be set to ${what}` }).min(1, `must be ${what}`);

export const wsUrl = z
  .string({ error: 'must be set to a ws:// or wss:// URL' })
  .regex(/^wss?:\/\/[^\s]+$/, 'must be a ws:// or wss:// URL');

export const httpUrl = z
  .string({ error: 'must be set to an http:// or https:// URL' })
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL');

export const postgresUrl = z
  .string({ error: 'must be set to a postgres:// URL' })
  .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// or postgresql:// URL');

export const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9099');

export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole port number')
    .min(1, 'must be a port between 1 and 65535')
    .max(65535, 'must be a port between 1 and 65535')
    .default(fallback);

/** A count, size, TTL or timeout: positive, and at most `max` (a typo of three zeros is refused, not obeyed). */
export const positiveInt = (fallback: number, unit: string, max: number) =>
  z.coerce
    .number({ error: `must be a number of ${unit}` })
    .int(`must be a whole number of ${unit}`)
    .positive(`must be a positive number of ${unit}`)
    .max(max, `must be at most ${max} ${unit}`)
    .default(fallback);

export const flag = z
  .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true' || value === '1');

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

export const agentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a lowercase agent name like noah-interviewer')
  .default('noah-interviewer');

export const firebaseProjectId = z
  .string()
  .regex(/^[a-z0-9-]{4,40}$/, 'must be a Firebase project id (use demo-... with the emulator)')
  .default('demo-rehearse');
