import { setTimeout as sleep } from 'node:timers/promises';
import { agentSchema, parseConfig } from '@rehearse/config';
import { createDatabase, migrate } from '@rehearse/db';
import {
  createScratchDatabase,
  postgresAdminUrl,
  postgresProbe,
  postgresRequired,
  testLog,
} from '@rehearse/db/test-backends';
import { describe, expect, it } from 'vitest';
import { openAgentDatabase } from '../src/database.ts';

/**
 * The agent's share of the database's connections (docs/connection-budget.md), counted by the PostgreSQL server
 * itself: each process kind shows as its own application_name, and a job process never holds more than
 * AGENT_JOB_DB_POOL_MAX connections however many of its calls wait.
 */
describe.runIf(postgresProbe.reachable || postgresRequired)(
  'agent database connections on PostgreSQL',
  () => {
    it('holds the worker to one connection and a job process to AGENT_JOB_DB_POOL_MAX under load', async () => {
      const scratch = await createScratchDatabase();
      const config = parseConfig(agentSchema, 'agent', {
        LIVEKIT_URL: 'ws://127.0.0.1:7880',
        LIVEKIT_API_KEY: 'key',
        LIVEKIT_API_SECRET: 'secret',
        GOOGLE_API_KEY: 'key',
        DATABASE_URL: scratch.url,
        AGENT_JOB_DB_POOL_MAX: '3',
      });
      const admin = createDatabase({ url: postgresAdminUrl, poolMax: 1, log: testLog });
      const worker = openAgentDatabase(config, 'worker');
      const job = openAgentDatabase(config, 'job');
      /** The server's count of this database's connections from one kind of process. */
      const connections = async (applicationName: string) =>
        (
          await admin.pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
            [scratch.name, applicationName],
          )
        ).rows[0]?.n ?? 0;
      const seen: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          seen.push(await connections('rehearse-agent-job'));
          await sleep(5);
        }
      })();
      try {
        await Promise.all([migrate(worker.pool, { log: testLog }), migrate(worker.pool, { log: testLog })]);
        expect(await connections('rehearse-agent-worker')).toBe(1);

        // One process's calls for many interviews at once: far more than any one interview makes.
        const interviews = await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const uid = `budget-${i}`;
            await job.users.upsert({ uid, email: `${uid}@example.com` });
            return job.interviews.create({ userId: uid, roomName: `room-${uid}` });
          }),
        );
        await Promise.all(
          interviews.flatMap((interview, i) => [
            job.interviews.acquireLease(interview.id, `agent-${i}`, 60_000),
            job.interviews.get(interview.id),
            ...Array.from({ length: 8 }, (_, turn) =>
              job.transcript.append({ sessionId: interview.id, role: 'agent', text: `line ${turn}` }),
            ),
          ]),
        );
        sampling = false;
        await sampler;

        expect(Math.max(...seen)).toBeLessThanOrEqual(config.AGENT_JOB_DB_POOL_MAX);
        // Idle connections stay open for a while: the burst opened the whole pool and no more.
        expect(await connections('rehearse-agent-job')).toBe(config.AGENT_JOB_DB_POOL_MAX);
        expect(job.pool.totalCount).toBe(config.AGENT_JOB_DB_POOL_MAX);
      } finally {
        sampling = false;
        await sampler;
        await Promise.all([job.close(), worker.close(), admin.close()]);
        await scratch.drop();
      }
    });
  },
);
