import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrate } from '../src/index.ts';
import {
  type Backend,
  PGBOUNCER_POOL_SIZE,
  pgbouncerInstalled,
  postgresAdminUrl,
  postgresProbe,
  postgresRequired,
  testLog,
  throughPgBouncer,
} from './backends.ts';

/**
 * A transaction pooler in front of PostgreSQL (PgBouncer in transaction mode; Cloud SQL's managed pooling works the
 * same way): the repositories work through it (every database suite also runs on it, see backends.ts), and however
 * many clients connect, the server holds no more connections than the pooler's pool.
 */
describe.runIf((postgresProbe.reachable && pgbouncerInstalled) || postgresRequired)(
  'through PgBouncer',
  () => {
    let backend: Backend;
    let serverDatabase: string;
    const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });

    beforeAll(async () => {
      backend = await throughPgBouncer.create();
      serverDatabase = new URL(backend.url).pathname.slice(1);
      await admin.connect();
    });
    afterAll(async () => {
      await admin.end();
      await backend?.dispose();
    });

    /** Connections the PostgreSQL server holds to the backend's database (the pooler's server connections). */
    const serverConnections = async () =>
      (
        await admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [serverDatabase],
        )
      ).rows[0]?.n ?? 0;

    it('refuses a connection that asks for session settings, so DATABASE_TRANSACTION_POOLER leaves them out', async () => {
      const withSessionSettings = createDatabase({ url: backend.url, log: testLog });
      try {
        await expect(withSessionSettings.pool.query('SELECT 1')).rejects.toThrow(
          /unsupported startup parameter: statement_timeout/,
        );
      } finally {
        await withSessionSettings.close();
      }
      const pooled = backend.open({ poolMax: 1 });
      try {
        expect((await pooled.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await pooled.close();
      }
    });

    it(`serves 60 clients' concurrent repository calls on at most ${PGBOUNCER_POOL_SIZE} server connections`, async () => {
      const clients = 60;
      const db = backend.open({ poolMax: clients });
      const seen: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          seen.push(await serverConnections());
          await sleep(5);
        }
      })();
      try {
        // Migrations through the pooler: one transaction under a transaction-scoped advisory lock.
        await Promise.all([migrate(db.pool, { log: testLog }), migrate(db.pool, { log: testLog })]);
        const interviews = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const uid = `pooled-${i}-${Date.now()}`;
            await db.users.upsert({ uid, email: `${uid}@example.com` });
            return db.interviews.create({ userId: uid, roomName: `room-${uid}` });
          }),
        );
        const leases = await Promise.all(
          interviews.flatMap((interview) =>
            [1, 2, 3].map((agent) => db.interviews.acquireLease(interview.id, `agent-${agent}`, 60_000)),
          ),
        );
        await Promise.all(
          interviews.flatMap((interview) => [
            ...Array.from({ length: 5 }, (_, turn) =>
              db.transcript.append({ sessionId: interview.id, role: 'user', text: `turn ${turn}` }),
            ),
            db.answers.record({
              sessionId: interview.id,
              questionId: 'q1',
              questionText: 'Tell me about a hard bug.',
              summary: 'A race in the cache.',
              scores: [{ competency: 'communication', score: 4, evidence: 'clear' }],
              toolCallId: `call-${interview.id}`,
            }),
          ]),
        );
        sampling = false;
        await sampler;

        expect(db.pool.totalCount).toBe(clients);
        expect(Math.max(...seen)).toBeLessThanOrEqual(PGBOUNCER_POOL_SIZE);
        // Its server connections stay open between transactions: under this load it opened its whole pool.
        expect(await serverConnections()).toBe(PGBOUNCER_POOL_SIZE);
        // Every call was applied once, in order, by the rules the suites check directly.
        expect(leases.filter(Boolean)).toHaveLength(interviews.length);
        for (const interview of interviews) {
          const turns = await db.transcript.listForSession(interview.id);
          expect(turns.map((turn) => turn.seq)).toEqual([1, 2, 3, 4, 5]);
          expect(await db.answers.listForSession(interview.id)).toHaveLength(1);
        }
      } finally {
        sampling = false;
        await sampler;
        await db.close();
      }
    });
  },
);
