import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  url: string;
  log: Logger;
  /** Bounds connecting, waiting for a free client, and every query (client side and, on PostgreSQL, server side). */
  queryTimeoutMs: number;
  poolMax: number;
  /** PostgreSQL only: schema to put first on the search_path (PGlite ignores startup options). */
  schema?: string;
}

export function createPool({ url, log, queryTimeoutMs, poolMax, schema }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: queryTimeoutMs,
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    // A transaction left open would stall every other session on PGlite; end it server-side.
    idle_in_transaction_session_timeout: queryTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'rehearse',
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
  });
  // Without a listener, an idle client dropped by the server (restart, network) would crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'idle database connection failed'));
  return pool;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
