import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database, migrate } from '@rehearse/db';
import { startEmbeddedDatabase } from '@rehearse/db/embedded-server';
import { freePort } from '@rehearse/local-stack';
import { pino } from 'pino';
import { progress, round } from './stats.ts';

const OPERATIONS = 300;
const silent = pino({ level: 'silent' });

/** Operations per second of the agent's hot writes (answers, transcript turns, lease) on one backend. */
async function measure(label: string, db: Database) {
  await migrate(db.pool, { log: silent });
  const uid = `bench-${randomUUID()}`;
  await db.users.upsert({ uid, email: `${uid}@example.test`, displayName: 'Bench' });
  const session = await db.interviews.create({ userId: uid, roomName: `bench-${randomUUID()}` });
  const rate = async (name: string, op: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < OPERATIONS; i++) {
      await op(i);
      if (i % 30 === 29) progress(`${label} ${name}`, i + 1, OPERATIONS);
    }
    return round(OPERATIONS / ((performance.now() - started) / 1000));
  };
  const scores = [{ competency: 'communication' as const, score: 4, evidence: 'clear' }];
  return {
    answerInsertsPerSec: await rate('answers', (i) =>
      db.answers.record({
        sessionId: session.id,
        questionId: `q${i}`,
        questionText: 'text',
        summary: 'summary',
        scores,
        toolCallId: `call-${i}`,
      }),
    ),
    transcriptAppendsPerSec: await rate('transcript', () =>
      db.transcript.append({ sessionId: session.id, role: 'user', text: 'a turn of the conversation' }),
    ),
    leaseRenewalsPerSec: await rate('lease', () => db.interviews.acquireLease(session.id, 'bench', 30_000)),
  };
}

export async function benchDatabase() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-bench-db-'));
  const embedded = await startEmbeddedDatabase({ dataDir, port: await freePort(), log: silent });
  const pglite = createDatabase({ url: embedded.url, log: silent });
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  // A Unix socket: the bench runs in the test network namespace, where the host's TCP ports are not reachable.
  const postgresUrl =
    process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@localhost/test?host=/var/run/postgresql';
  const admin = createDatabase({ url: postgresUrl, log: silent });
  try {
    const embeddedResult = await measure('pglite', pglite);
    await admin.pool.query(`CREATE SCHEMA ${schema}`);
    const postgres = createDatabase({ url: postgresUrl, schema, log: silent });
    const postgresResult = await measure('postgres', postgres);
    await postgres.close();
    return {
      operations: OPERATIONS,
      pgliteOverSocket: embeddedResult,
      postgresql: postgresResult,
      ratioPostgresToPglite: {
        answers: round(postgresResult.answerInsertsPerSec / embeddedResult.answerInsertsPerSec, 2),
        transcript: round(postgresResult.transcriptAppendsPerSec / embeddedResult.transcriptAppendsPerSec, 2),
        lease: round(postgresResult.leaseRenewalsPerSec / embeddedResult.leaseRenewalsPerSec, 2),
      },
    };
  } finally {
    await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.close();
    await pglite.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
