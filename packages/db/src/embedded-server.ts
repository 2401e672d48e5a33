import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from 'pino';
import { z } from 'zod';
import { lockDataDir } from './data-dir-lock.ts';

/** `<repo>/.data/pglite` (git-ignored), wherever the process was started from. */
export const defaultEmbeddedDataDir = fileURLToPath(new URL('../../../.data/pglite', import.meta.url));

const embeddedOptions = z.object({
  dataDir: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port; the returned url names the real one. */
  port: z.number().int().min(0).max(65535).default(5433),
  /** Every process keeps a pool of a few connections (web app, each agent job). */
  maxConnections: z.number().int().positive().default(100),
});

export type EmbeddedDatabaseOptions = z.input<typeof embeddedOptions> & { log?: Logger };

export interface EmbeddedDatabase {
  /** postgres://postgres@HOST:PORT/postgres — PGlite accepts any user/database name and no password. */
  url: string;
  /** Closes client connections, then flushes and closes PGlite. Safe to call more than once. */
  stop(): Promise<void>;
}

/** PGlite on disk, served over the Postgres wire protocol so every process uses `pg` against one database. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, host, port, maxConnections } = embeddedOptions.parse(options);
  const lock = lockDataDir(dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create({ dataDir });
    server = new PGLiteSocketServer({ db, host, port, maxConnections });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    lock.release();
    throw error;
  }
  const boundPort = Number(server.getServerConn().split(':').at(-1));
  const url = `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${boundPort}/postgres`;
  options.log?.info({ dataDir, url }, 'embedded database listening');

  const runningServer = server;
  const runningDb = db;
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    try {
      await runningServer.stop();
      await runningDb.close();
    } finally {
      lock.release();
    }
    options.log?.info({ dataDir }, 'embedded database stopped');
  };
  return {
    url,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
