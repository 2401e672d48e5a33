import 'server-only';
import { createDatabase, type Database, DatabaseUnavailableError, migrate } from '@rehearse/db';
import { serverConfig } from './config.ts';
import { logger } from './logger.ts';
import { withTimeout } from './timeout.ts';

let database: Database | undefined;
let schemaReady: Promise<void> | undefined;

/**
 * The process's pool (lazy: nothing connects until first use), at most WEB_DB_POOL_MAX connections shown on the
 * server as `rehearse-web` (docs/connection-budget.md). The schema is migrated once per process before the first
 * query (migrate() is safe to run concurrently from several processes); a failed attempt is retried on the next
 * request instead of being remembered.
 */
export async function db(): Promise<Database> {
  const config = serverConfig();
  database ??= createDatabase({
    url: config.DATABASE_URL,
    queryTimeoutMs: config.DB_TIMEOUT_MS,
    poolMax: config.WEB_DB_POOL_MAX,
    applicationName: 'rehearse-web',
    transactionPooler: config.DATABASE_TRANSACTION_POOLER,
    log: logger.child({ component: 'db' }),
  });
  const current = database;
  schemaReady ??= withTimeout(
    'database',
    config.DB_TIMEOUT_MS * 2,
    migrate(current.pool, { log: logger }),
  ).then(
    () => undefined,
    (error: unknown) => {
      schemaReady = undefined;
      throw error;
    },
  );
  await schemaReady;
  return current;
}

/** Bounds one repository call by DB_TIMEOUT_MS (the pool also bounds each query; this covers waits between). */
export function dbCall<T>(work: Promise<T>): Promise<T> {
  return withTimeout('database', serverConfig().DB_TIMEOUT_MS, work);
}

/** One trivial query: any failure means the database cannot serve us right now. */
export async function pingDatabase(): Promise<void> {
  const database = await db();
  try {
    await dbCall(database.pool.query('SELECT 1'));
  } catch (error) {
    throw new DatabaseUnavailableError(`database ping failed: ${(error as Error).message}`, { cause: error });
  }
}
