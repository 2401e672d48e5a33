import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  url: string;
  log: Logger;
  /**
   * Bounds connecting, waiting for a free client, and every query (client side and, on PostgreSQL without a
   * transaction pooler, server side).
   */
  queryTimeoutMs: number;
  poolMax: number;
  applicationName: string;
  /**
   * `url` is a transaction-mode pooler: a server connection serves other clients between transactions, so this
   * pool sets nothing for the session (PgBouncer refuses a connection that asks for statement_timeout at start). The
   * pooler's query_timeout and idle_transaction_timeout stand in for the server-side bounds.
   */
  transactionPooler: boolean;
  /** Milliseconds an unused connection stays open; 0 keeps it open. */
  idleTimeoutMs: number;
  /** PostgreSQL only: schema to put first on the search_path (PGlite ignores startup options). */
  schema?: string;
}

export function createPool({
  url,
  log,
  queryTimeoutMs,
  poolMax,
  applicationName,
  transactionPooler,
  idleTimeoutMs,
  schema,
}: PoolOptions): pg.Pool {
  const sessionSettings = transactionPooler
    ? {}
    : {
        statement_timeout: queryTimeoutMs,
        // A transaction left open would stall every other session on PGlite; end it server-side.
        idle_in_transaction_session_timeout: queryTimeoutMs,
        ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
      };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: queryTimeoutMs,
    query_timeout: queryTimeoutMs,
    idleTimeoutMillis: idleTimeoutMs,
    application_name: applicationName,
    ...sessionSettings,
  });
  // Without a listener, an idle client dropped by the server (restart, network) would crash the process.
  // The message only: pg hangs the whole client (its socket, its type parsers) on this error, ~4 KB of log.
  pool.on('error', (error) => log.warn({ err: String(error) }, 'idle database connection failed'));
  return pool;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
