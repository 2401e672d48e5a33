import { randomUUID } from 'node:crypto';
import type { Phase } from '@rehearse/interview';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  DatabaseQueryError,
  DatabaseUnavailableError,
  isPermanentWriteError,
  migrate,
} from '../src/index.ts';
import { migrations } from '../src/migrations/index.ts';
import { backends, createMigratedBackend, testLog } from './backends.ts';

const state = (phase: Phase) => ({ phase, questionIds: [], questionIndex: 0, state: { phase } });

describe.each(backends)('write safety (migration 002) on $name', (kind) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await createMigratedBackend(kind));
  });
  afterAll(() => dispose?.());

  const newSession = async () => {
    const uid = `uid-${randomUUID()}`;
    await db.users.upsert({ uid, email: 'a@example.com' });
    return db.interviews.create({ userId: uid, roomName: `room-${randomUUID()}` });
  };

  it('writes the state only on the version it was based on, and bumps it', async () => {
    const session = await newSession();
    expect(session.stateVersion).toBe(0);
    const first = await db.interviews.updateStateFenced(session.id, state('background'), {
      version: 0,
      holder: 'job:a',
    });
    expect(first).toMatchObject({ ok: true, session: { stateVersion: 1, phase: 'background' } });
    const stale = await db.interviews.updateStateFenced(session.id, state('profile'), {
      version: 0,
      holder: 'job:a',
    });
    expect(stale).toMatchObject({ ok: false, reason: 'version', current: { stateVersion: 1 } });
    expect((await db.interviews.get(session.id))?.phase).toBe('background');
    // Unfenced writers (tests, tools) bump the version too, so a fenced writer notices them.
    await db.interviews.updateState(session.id, state('questions'));
    expect((await db.interviews.get(session.id))?.stateVersion).toBe(2);
  });

  it('refuses a state write while another live agent holds the lease, accepts it from the holder', async () => {
    const session = await newSession();
    expect(await db.interviews.acquireLease(session.id, 'job:new', 60_000)).toBe(true);
    const fencedOut = await db.interviews.updateStateFenced(session.id, state('background'), {
      version: 0,
      holder: 'job:old',
    });
    expect(fencedOut).toMatchObject({ ok: false, reason: 'lease' });
    const holder = await db.interviews.updateStateFenced(session.id, state('background'), {
      version: 0,
      holder: 'job:new',
    });
    expect(holder.ok).toBe(true);
    expect(
      await db.interviews.updateStateFenced(randomUUID(), state('profile'), {
        version: 0,
        holder: 'job:new',
      }),
    ).toEqual({ ok: false, reason: 'missing', current: null });
  });

  it('stores a retried transcript append once, with the same seq', async () => {
    const session = await newSession();
    const line = { sessionId: session.id, role: 'user' as const, text: 'hello', idempotencyKey: 'line-1' };
    const first = await db.transcript.append(line);
    const retried = await db.transcript.append(line);
    const next = await db.transcript.append({ ...line, text: 'next', idempotencyKey: 'line-2' });
    expect(retried).toEqual(first);
    expect(next.seq).toBe(first.seq + 1);
    expect((await db.transcript.listForSession(session.id)).map((turn) => turn.text)).toEqual([
      'hello',
      'next',
    ]);
  });

  it('keeps the first answer to a question: a second one under another tool call id is not stored', async () => {
    const session = await newSession();
    const answer = {
      sessionId: session.id,
      questionId: 'background',
      questionText: 'Tell me about your background.',
      summary: 'Builds payment systems.',
      scores: [{ competency: 'communication' as const, score: 3, evidence: 'Clear.' }],
      toolCallId: 'call-1',
    };
    expect(await db.answers.record(answer)).toEqual({ inserted: true });
    expect(await db.answers.record({ ...answer, toolCallId: 'call-2', summary: 'again' })).toEqual({
      inserted: false,
    });
    expect((await db.answers.listForSession(session.id)).map((row) => row.summary)).toEqual([
      'Builds payment systems.',
    ]);
  });

  it('sets aside, never deletes, the duplicate answers an older version stored', async () => {
    const backend = await kind.create();
    const old = backend.open();
    try {
      await migrate(old.pool, { log: testLog, migrations: migrations.filter((m) => m.version === 1) });
      await old.users.upsert({ uid: 'uid-dup', email: 'a@example.com' });
      // Rows as the old schema knows them (the repositories read the current one).
      const inserted = await old.pool.query(
        `INSERT INTO interview_sessions (user_id, room_name) VALUES ('uid-dup', 'room-dup') RETURNING id`,
      );
      const session = { id: String(inserted.rows[0].id) };
      const answer = {
        sessionId: session.id,
        questionId: 'background',
        questionText: 'Background?',
        summary: 'first',
        scores: [],
        toolCallId: 'call-1',
      };
      await old.answers.record(answer);
      await old.answers.record({ ...answer, summary: 'second', toolCallId: 'call-2' });
      await migrate(old.pool, { log: testLog });
      expect((await old.answers.listForSession(session.id)).map((row) => row.summary)).toEqual(['first']);
      const [setAside] = await old.failedWrites.listForSession(session.id);
      expect(setAside?.kind).toBe('answer');
      expect(JSON.parse(setAside?.payload ?? '{}')).toMatchObject({
        summary: 'second',
        tool_call_id: 'call-2',
      });
    } finally {
      await old.close();
      await backend.dispose();
    }
  });

  it('classifies a NUL byte in text as permanent, and keeps the refused write, NUL and all', async () => {
    const session = await newSession();
    const text = 'before\0after';
    const error = await db.transcript.append({ sessionId: session.id, role: 'user', text }).catch((e) => e);
    expect(isPermanentWriteError(error)).toBe(true);
    expect(isPermanentWriteError(new DatabaseUnavailableError('database unavailable: ECONNREFUSED'))).toBe(
      false,
    );
    expect(isPermanentWriteError(new DatabaseQueryError('deadlock detected', '40P01'))).toBe(false);
    expect(isPermanentWriteError(new DatabaseQueryError('duplicate key', '23505'))).toBe(true);
    await db.failedWrites.setAside({
      sessionId: session.id,
      roomName: session.roomName,
      kind: 'transcript',
      payload: { role: 'user', text },
      error: String(error),
      errorCode: error.code,
    });
    const [kept] = await db.failedWrites.listForSession(session.id);
    expect(kept).toMatchObject({ kind: 'transcript', errorCode: error.code });
    expect(JSON.parse(kept?.payload ?? '')).toEqual({ role: 'user', text });
  });
});
