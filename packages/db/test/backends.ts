import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  copyOfFolderMadeOnce,
  freePort,
  pgbouncerBinary,
  repoRoot,
  startPgBouncer,
} from '@rehearse/local-stack';
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

/** PgBouncer is optional on a laptop (Debian: pgbouncer) and required with CI=true, as PostgreSQL is. */
export const pgbouncerInstalled = pgbouncerBinary() !== undefined;

/** Server connections the suites' PgBouncer keeps per database: far fewer than the clients the suites open. */
export const PGBOUNCER_POOL_SIZE = 3;

/** A fresh, empty database: its own schema on PostgreSQL, its own data folder on PGlite. */
export interface Backend {
  url: string;
  schema?: string;
  /** Opens repositories on this backend (not migrated). */
  open(options?: { poolMax?: number }): Database;
  dispose(): Promise<void>;
}

export interface BackendKind {
  name: 'postgres' | 'pglite' | 'pgbouncer';
  create(): Promise<Backend>;
}

/** One statement on the PostgreSQL server as its administrator (creating and dropping what a test uses). */
export async function onPostgresServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A database of its own on the PostgreSQL server, for what a schema cannot separate: connections counted per
 * database, and a transaction pooler, which keeps no search_path.
 */
export async function createScratchDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `rehearse_test_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a pooler in front may still hold server connections to it.
    drop: () => onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const postgres: BackendKind = {
  name: 'postgres',
  async create() {
    // Unique per run so parallel suites on one server never see each other's tables.
    const schema = `rehearse_test_${randomBytes(6).toString('hex')}`;
    await onPostgresServer(`CREATE SCHEMA ${schema}`);
    return {
      url: postgresAdminUrl,
      schema,
      open: (options) => createDatabase({ url: postgresAdminUrl, schema, log: testLog, ...options }),
      dispose: () => onPostgresServer(`DROP SCHEMA ${schema} CASCADE`),
    };
  },
};

/**
 * PostgreSQL through a PgBouncer of the backend's own in transaction pooling mode (as large deployments and Cloud
 * SQL's managed pooling run it): every client's transactions share PGBOUNCER_POOL_SIZE server connections.
 */
export const throughPgBouncer: BackendKind = {
  name: 'pgbouncer',
  async create() {
    const database = await createScratchDatabase();
    try {
      const bouncer = await startPgBouncer({
        port: await freePort(),
        serverUrl: postgresAdminUrl,
        serverPoolSize: PGBOUNCER_POOL_SIZE,
        log: () => {},
      });
      const url = bouncer.databaseUrl(database.name);
      return {
        url,
        open: (options) => createDatabase({ url, transactionPooler: true, log: testLog, ...options }),
        async dispose() {
          await bouncer.stop();
          await database.drop();
        },
      };
    } catch (error) {
      await database.drop();
      throw error;
    }
  },
};

/** A new PGlite folder, made once per PGlite version (its initdb takes ~5.5 s in WebAssembly) and copied. */
const emptyFolderTemplate = join(
  repoRoot,
  'node_modules/.cache/rehearse-pglite-empty',
  JSON.parse(readFileSync(join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version,
);

const pglite: BackendKind = {
  name: 'pglite',
  async create() {
    const folder = await mkdtemp(join(tmpdir(), 'rehearse-db-test-'));
    await copyOfFolderMadeOnce(emptyFolderTemplate, join(folder, 'pglite'), async (building) => {
      await (await PGlite.create({ dataDir: building })).close();
    });
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

/**
 * PGlite always; PostgreSQL when it answers, and through PgBouncer too when that is installed
 * (postgres-availability.test.ts fails the run when CI=true needs either).
 */
export const backends: BackendKind[] = [
  ...(postgresProbe.reachable ? [postgres] : []),
  ...(postgresProbe.reachable && pgbouncerInstalled ? [throughPgBouncer] : []),
  pglite,
];

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
