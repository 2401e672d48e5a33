import { z } from 'zod';
import { DatabaseError, DatabaseQueryError, DatabaseUnavailableError } from './errors.ts';

// Socket-level failures: the server is down, unreachable or dropped us.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// SQLSTATEs that mean "the server cannot serve you right now" rather than "your query is wrong":
// admin/crash shutdown, starting up, too many connections, statement timeout / cancelled.
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
// pg reports its own timeouts and dropped connections only through the message text.
const unavailableMessage =
  /timeout|Connection terminated|connection error|Connection refused|not queryable|Cannot use a pool after calling end/i;

interface ErrorWithCode {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as ErrorWithCode | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (unreachableCodes.has(code) || unavailableSqlStates.has(code))) return true;
  if (code?.startsWith('08')) return true; // SQLSTATE class 08: connection exception
  // Node reports a refused dual-stack connect as an AggregateError of the per-address errors.
  const nested = (error as ErrorWithCode | null)?.errors;
  if (Array.isArray(nested) && nested.some(isUnavailable)) return true;
  const message = (error as ErrorWithCode | null)?.message;
  return typeof message === 'string' && unavailableMessage.test(message);
}

/** Maps anything thrown by `pg` to this package's typed errors. */
export function toDatabaseError(error: unknown): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isUnavailable(error)) {
    return new DatabaseUnavailableError(`database unavailable: ${message}`, { cause: error });
  }
  return new DatabaseQueryError(`database query failed: ${message}`, codeOf(error), { cause: error });
}

/** The name of the constraint a PostgreSQL unique violation (23505) hit, if that is what `error` is. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (codeOf(error) !== '23505') return undefined;
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

// SQLSTATE classes that mean the statement itself is wrong: retrying the same write fails the same way.
// 22 data exception (e.g. 22021 a NUL byte in text), 23 integrity constraint, 42 syntax or access rule.
const permanentSqlStateClasses = new Set(['22', '23', '42']);

/**
 * Whether retrying `error`'s write can never succeed (bad data, a broken constraint, input the schema
 * refuses), as opposed to the database being away or slow, which is worth waiting for.
 */
export function isPermanentWriteError(error: unknown): boolean {
  if (error instanceof z.ZodError) return true;
  if (!(error instanceof DatabaseQueryError)) return false;
  // No SQLSTATE: this package's own verdict on the answer (no such row, an unexpected row shape).
  if (error.code === undefined) return true;
  return permanentSqlStateClasses.has(error.code.slice(0, 2));
}
