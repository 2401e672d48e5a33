import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../src/embedded-server.ts';
import { createDatabase, migrate } from '../src/index.ts';
import { testLog } from './backends.ts';

const mainScript = fileURLToPath(new URL('../src/embedded-server-main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

describe('embedded database server', () => {
  let folder: string;
  let dataDir: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'rehearse-embedded-'));
    dataDir = join(folder, 'pglite');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('serves postgres://postgres@host:port/postgres and keeps data across stop and restart', async () => {
    const first = await startEmbeddedDatabase({ dataDir, port: 0, log: testLog });
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const db = createDatabase({ url: first.url, log: testLog });
    await migrate(db.pool, { log: testLog });
    await db.users.upsert({ uid: 'survivor', email: 's@example.com' });
    await db.close();
    await first.stop();
    await first.stop(); // idempotent

    const second = await startEmbeddedDatabase({ dataDir, port: 0, log: testLog });
    const reopened = createDatabase({ url: second.url, log: testLog });
    try {
      expect(await migrate(reopened.pool, { log: testLog })).toEqual({ applied: [] });
      expect(await reopened.users.get('survivor')).toMatchObject({ email: 's@example.com' });
    } finally {
      await reopened.close();
      await second.stop();
    }
  });

  it('refuses a second server on the same data folder while the first runs', async () => {
    const first = await startEmbeddedDatabase({ dataDir, port: 0, log: testLog });
    try {
      await expect(startEmbeddedDatabase({ dataDir, port: 0, log: testLog })).rejects.toThrow(
        /in use by process/,
      );
    } finally {
      await first.stop();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('accepts user and database names other than postgres, without TLS', async () => {
    const server = await startEmbeddedDatabase({ dataDir, port: 0, log: testLog });
    const port = new URL(server.url).port;
    const client = new pg.Client({
      connectionString: `postgres://root@127.0.0.1:${port}/test?sslmode=disable`,
    });
    try {
      await client.connect();
      expect((await client.query('SELECT current_database() AS db')).rows).toEqual([{ db: 'postgres' }]);
    } finally {
      await client.end();
      await server.stop();
    }
  });

  describe('as a process', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      child = undefined;
    });

    const launch = async () => {
      const proc = spawn(tsx, [mainScript, '--data-dir', dataDir, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, LOG_LEVEL: 'warn' },
      });
      child = proc;
      const lines: string[] = [];
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      const stdout = createInterface({ input: proc.stdout });
      stdout.on('line', (line) => lines.push(line));
      const firstLine = await new Promise<string>((resolve, reject) => {
        stdout.once('line', resolve);
        proc.once('exit', (code) => reject(new Error(`embedded server exited with ${code} before ready`)));
      });
      return { proc, firstLine, lines, exited };
    };

    it('prints one ready line, stops cleanly on SIGINT, and the data is still there after', async () => {
      const run = await launch();
      expect(run.firstLine).toMatch(/^ready postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      const url = run.firstLine.slice('ready '.length);
      const db = createDatabase({ url, log: testLog });
      await migrate(db.pool, { log: testLog });
      await db.users.upsert({ uid: 'before-ctrl-c' });
      // Leave the pool's connections open: the server must still stop.
      run.proc.kill('SIGINT');
      expect(await run.exited).toBe(0);
      await db.close();
      expect(run.lines).toEqual([run.firstLine]);
      expect(existsSync(`${dataDir}.lock`)).toBe(false);

      const rerun = await launch();
      const reopened = createDatabase({ url: rerun.firstLine.slice('ready '.length), log: testLog });
      try {
        expect(await reopened.users.get('before-ctrl-c')).not.toBeNull();
      } finally {
        await reopened.close();
        rerun.proc.kill('SIGTERM');
        expect(await rerun.exited).toBe(0);
      }
    }, 120_000); // two process start-ups under tsx, each opening PGlite
  });
});
