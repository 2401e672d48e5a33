import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../src/embedded-server.ts';
import { createDatabase, DatabaseUnavailableError, migrate } from '../src/index.ts';
import { testLog } from './backends.ts';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when the database cannot serve', () => {
  it('a refused connection is a DatabaseUnavailableError', async () => {
    const db = createDatabase({
      url: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`,
      log: testLog,
    });
    try {
      await expect(db.users.get('anyone')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(migrate(db.pool)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
    }
  });

  it('a server that accepts but never answers is a DatabaseUnavailableError after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await listen(silent);
    const db = createDatabase({
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      queryTimeoutMs: 300,
      log: testLog,
    });
    try {
      await expect(db.interviews.getByRoom('room')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a database stopped under an open pool is a DatabaseUnavailableError', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rehearse-down-'));
    const server = await startEmbeddedDatabase({ dataDir: join(folder, 'pglite'), port: 0, log: testLog });
    const db = createDatabase({ url: server.url, log: testLog });
    try {
      await migrate(db.pool);
      await db.users.upsert({ uid: 'u1' });
      await server.stop();
      await expect(db.users.get('u1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(
        db.transcript.append({ sessionId: randomUUID(), role: 'user', text: 'hello?' }),
      ).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
