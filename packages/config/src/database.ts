import { flag, positiveInt, postgresUrl } from './fields.ts';

/** How a process reaches the database; each process adds the size of its own pool (its share of the budget). */
export const databaseFields = {
  DATABASE_URL: postgresUrl,
  /**
   * DATABASE_URL goes through a transaction-mode pooler (PgBouncer pool_mode=transaction, Cloud SQL managed
   * connection pooling): connections then carry no session settings, and the pooler bounds queries server side.
   */
  DATABASE_TRANSACTION_POOLER: flag,
  DB_TIMEOUT_MS: positiveInt(3000, 'milliseconds', 30_000),
};
