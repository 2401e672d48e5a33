import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.ts';
import { type BackendKind, backends, createMigratedBackend } from './backends.ts';

describe.each(backends)('the way out of an unfinished interview on $name', (kind: BackendKind) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await createMigratedBackend(kind));
  });
  afterAll(() => dispose?.());

  const newSession = async () => {
    const user = await db.users.upsert({ uid: `uid-${randomUUID()}`, email: 'a@example.com' });
    return db.interviews.create({ userId: user.uid, roomName: `room-${randomUUID()}` });
  };

  it('abandons an unfinished interview once, frees its agent lease, and lets the user start another', async () => {
    const session = await newSession();
    expect(await db.interviews.acquireLease(session.id, 'agent-1', 30_000)).toBe(true);
    const endedAt = new Date('2026-03-01T10:00:00Z');

    const abandoned = await db.interviews.endUnfinished(session.id, 'abandoned', endedAt);
    expect(abandoned).toMatchObject({ status: 'abandoned', endedAt, agentLeaseHolder: null });
    expect(await db.interviews.endUnfinished(session.id, 'abandoned', new Date())).toBeNull();
    expect(await db.interviews.renewLease(session.id, 'agent-1', 30_000)).toBe(false);
    expect(await db.interviews.acquireLease(session.id, 'agent-2', 30_000)).toBe(false);
    const next = await db.interviews.create({ userId: session.userId, roomName: `room-${randomUUID()}` });
    expect(next.status).toBe('pending');
  });

  it("keeps an abandoned interview abandoned whatever its agent's late writes say", async () => {
    const session = await newSession();
    await db.interviews.endUnfinished(session.id, 'abandoned', new Date());
    const saved = await db.interviews.updateState(session.id, {
      phase: 'questions',
      questionIds: ['q1'],
      questionIndex: 1,
      state: { late: true },
      status: 'active',
    });
    expect(saved).toMatchObject({ status: 'abandoned', questionIndex: 1, startedAt: null });
    expect(await db.interviews.markStatus(session.id, 'active', new Date())).toMatchObject({
      status: 'abandoned',
    });
  });

  it('expires only the unfinished interviews created before the cutoff', async () => {
    const old = await newSession();
    const cutoff = new Date(Date.now() + 60_000);
    const expired = await db.interviews.expireUnfinished(old.userId, cutoff, new Date());
    expect(expired.map((row) => [row.id, row.status])).toEqual([[old.id, 'expired']]);
    expect(expired[0]?.endedAt).toBeInstanceOf(Date);

    const fresh = await db.interviews.create({ userId: old.userId, roomName: `room-${randomUUID()}` });
    expect(await db.interviews.expireUnfinished(old.userId, fresh.createdAt, new Date())).toEqual([]);
    expect((await db.interviews.get(fresh.id))?.status).toBe('pending');
  });
});
