import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedDatabase } from '../src/embedded-server.ts';
import { createDatabase, type Database, migrate } from '../src/index.ts';

export const testLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Real PostgreSQL (trust auth on loopback); override with TEST_POSTGRES_URL. */
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { hostname: postgresHost, port: postgresPort } = new URL(postgresAdminUrl);
export const postgresAddress = `${postgresHost}:${postgresPort || 5432}`;

/** PostgreSQL is optional on a laptop (the suites then run on PGlite only) and required with CI=true. */
export const postgresRequired = process.env.CI === 'true';

/** Whether PostgreSQL accepts a connection at postgresAdminUrl, asked once per test file with a short timeout. */
export const postgresProbe = await probePostgres();

async function probePostgres(): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh, empty database: its own schema on PostgreSQL, its own data folder on PGlite. */
export interface Backend {
  url: string;
  schema?: string;
  /** Opens repositories on this backend (not migrated). */
  open(options?: { poolMax?: number }): Database;
  dispose(): Promise<void>;
}

export interface BackendKind {
  name: 'postgres' | 'pglite';
  create(): Promise<Backend>;
}

const postgres: BackendKind = {
  name: 'postgres',
  async create() {
    // Unique per run so parallel suites on one server never see each other's tables.
    const schema = `rehearse_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
    } finally {
      await admin.end();
    }
    return {
      url: postgresAdminUrl,
      schema,
      open: (options) => createDatabase({ url: postgresAdminUrl, schema, log: testLog, ...options }),
      async dispose() {
        const cleanup = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
        await cleanup.connect();
        try {
          await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
        } finally {
          await cleanup.end();
        }
      },
    };
  },
};

const pglite: BackendKind = {
  name: 'pglite',
  async create() {
    const folder = await mkdtemp(join(tmpdir(), 'rehearse-db-test-'));
    const server = await startEmbeddedDatabase({ dataDir: join(folder, 'pglite'), port: 0, log: testLog });
    return {
      url: server.url,
      open: (options) => createDatabase({ url: server.url, log: testLog, ...options }),
      async dispose() {
        await server.stop();
        await rm(folder, { recursive: true, force: true });
      },
    };
  },
};

/** PGlite always; PostgreSQL when it answers (postgres-availability.test.ts fails the run when CI=true needs it). */
export const backends: BackendKind[] = postgresProbe.reachable ? [postgres, pglite] : [pglite];

/** A backend with the schema migrated and one Database open; dispose closes both. */
export async function createMigratedBackend(kind: BackendKind) {
  const backend = await kind.create();
  const db = backend.open();
  await migrate(db.pool, { log: testLog });
  return {
    backend,
    db,
    async dispose() {
      await db.close();
      await backend.dispose();
    },
  };
}
