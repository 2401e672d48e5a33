import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../src/embedded-server.ts';
import { createDatabase } from '../src/index.ts';
import { testLog } from './backends.ts';

describe('idle connections', () => {
  it('close after idleTimeoutMs, and stay open with 0 (a prewarmed job process keeps its connection)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rehearse-idle-'));
    const server = await startEmbeddedDatabase({ dataDir: join(folder, 'pglite'), port: 0, log: testLog });
    const closing = createDatabase({ url: server.url, idleTimeoutMs: 200, log: testLog });
    const keeping = createDatabase({ url: server.url, idleTimeoutMs: 0, log: testLog });
    try {
      await closing.pool.query('SELECT 1');
      await keeping.pool.query('SELECT 1');
      expect([closing.pool.totalCount, keeping.pool.totalCount]).toEqual([1, 1]);
      await sleep(800);
      expect(closing.pool.totalCount).toBe(0);
      expect(keeping.pool.totalCount).toBe(1);
    } finally {
      await closing.close();
      await keeping.close();
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
