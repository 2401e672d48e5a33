import type pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { toDatabaseError } from './classify-error.ts';
import { DatabaseQueryError } from './errors.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import { execute, queryRows } from './query.ts';

// Arbitrary constant shared by every process of this app: "rehearse" as digits on a phone keypad.
const MIGRATION_LOCK_KEY = 734_277_373;

const appliedRow = z.object({ version: z.number().int(), name: z.string() });

export interface MigrateResult {
  /** Versions this call applied, in order (empty when the schema was already current). */
  applied: number[];
}

/**
 * Applies pending migrations in version order, all inside ONE transaction.
 *
 * Concurrent callers are serialised two ways: on PostgreSQL by a transaction-scoped advisory lock;
 * on PGlite behind pglite-socket, advisory locks are shared by every connection (one backend), but an
 * open transaction makes the socket server run only that connection's queries until it ends — so the
 * second caller starts after the first committed, and finds nothing left to do.
 */
export async function migrate(
  pool: pg.Pool,
  options: { log?: Logger; migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = [...(options.migrations ?? allMigrations)].sort((a, b) => a.version - b.version);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  let failure: unknown;
  try {
    await execute(client, 'BEGIN');
    await execute(client, 'SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await execute(
      client,
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const appliedRows = await queryRows(client, appliedRow, 'SELECT version, name FROM schema_migrations');
    const appliedVersions = new Set(appliedRows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (appliedVersions.has(migration.version)) continue;
      await execute(client, migration.sql);
      await execute(client, 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await execute(client, 'COMMIT');
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = appliedRows.filter((row) => !known.has(row.version)).map((row) => row.version);
    if (unknown.length > 0) {
      options.log?.warn(
        { versions: unknown },
        'database has migrations this code does not know (newer code ran?)',
      );
    }
    if (applied.length > 0) options.log?.info({ versions: applied }, 'applied database migrations');
    return { applied };
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof DatabaseQueryError) {
      throw new DatabaseQueryError(`migration failed: ${error.message}`, error.code, { cause: error });
    }
    throw error;
  } finally {
    // A client that failed mid-transaction is discarded rather than returned to the pool.
    client.release(failure instanceof Error ? failure : undefined);
  }
}
