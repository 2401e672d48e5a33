import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  DatabaseQueryError,
  RoomNameTakenError,
  UnfinishedSessionExistsError,
} from '../src/index.ts';
import { type Backend, backends, createMigratedBackend } from './backends.ts';

describe.each(backends)('repositories on $name', (kind) => {
  let db: Database;
  let backend: Backend;
  let dispose: () => Promise<void>;
  // A second Database on the same backend with enough connections for real concurrency.
  const openWide = () => backend.open({ poolMax: 24 });

  beforeAll(async () => {
    const migrated = await createMigratedBackend(kind);
    ({ db, backend, dispose } = migrated);
  });
  afterAll(() => dispose?.());

  const newUser = async () => db.users.upsert({ uid: `uid-${randomUUID()}`, email: 'a@example.com' });
  const newSession = async () => {
    const user = await newUser();
    return db.interviews.create({ userId: user.uid, roomName: `room-${randomUUID()}` });
  };

  describe('users', () => {
    it('creates on first upsert and reads back camelCase fields', async () => {
      const uid = `uid-${randomUUID()}`;
      const created = await db.users.upsert({ uid, email: 'ada@example.com', displayName: 'Ada' });
      expect(created).toMatchObject({ uid, email: 'ada@example.com', displayName: 'Ada', targetRole: null });
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await db.users.get(uid)).toEqual(created);
      expect(await db.users.get('nobody')).toBeNull();
    });

    it('saves a profile that a later sign-in does not overwrite', async () => {
      const uid = `uid-${randomUUID()}`;
      await db.users.upsert({ uid, email: 'old@example.com', displayName: 'From Google' });
      const saved = await db.users.saveProfile(uid, {
        displayName: 'Ada L.',
        targetRole: 'Backend engineer',
        experienceYears: 4,
      });
      expect(saved).toMatchObject({
        displayName: 'Ada L.',
        targetRole: 'Backend engineer',
        experienceYears: 4,
      });
      const again = await db.users.upsert({ uid, email: 'new@example.com', displayName: 'From Google' });
      expect(again).toMatchObject({ email: 'new@example.com', displayName: 'Ada L.', experienceYears: 4 });
    });

    it('answers null when saving the profile of an unknown user, and rejects bad input', async () => {
      const profile = { displayName: 'X', targetRole: 'Y', experienceYears: 1 };
      expect(await db.users.saveProfile('nobody', profile)).toBeNull();
      await expect(db.users.saveProfile('x', { ...profile, experienceYears: -1 })).rejects.toThrow();
      await expect(db.users.upsert({ uid: '' })).rejects.toThrow();
    });
  });

  describe('interviews', () => {
    it('creates a pending session with defaults, found by id, room and user', async () => {
      const session = await newSession();
      expect(session).toMatchObject({
        status: 'pending',
        phase: 'profile',
        questionIds: [],
        questionIndex: 0,
        state: {},
        report: null,
        agentLeaseHolder: null,
        thinkingTime: 'normal',
      });
      expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await db.interviews.get(session.id)).toEqual(session);
      expect(await db.interviews.getByRoom(session.roomName)).toEqual(session);
      expect(await db.interviews.findUnfinishedForUser(session.userId)).toEqual(session);
      expect(await db.interviews.get('not-a-uuid')).toBeNull();
      expect(await db.interviews.get(randomUUID())).toBeNull();
    });

    it('keeps the thinking time it was created with through a move to a new room; the column refuses others', async () => {
      const user = await newUser();
      const roomName = `room-${randomUUID()}`;
      const session = await db.interviews.create({ userId: user.uid, roomName, thinkingTime: 'long' });
      expect(session.thinkingTime).toBe('long');
      const moved = await db.interviews.moveToRoom(session.id, roomName, `room-${randomUUID()}`);
      expect(moved?.thinkingTime).toBe('long');
      await expect(
        db.interviews.create({
          userId: user.uid,
          roomName: `room-${randomUUID()}`,
          thinkingTime: 'lunch' as 'long',
        }),
      ).rejects.toThrow();
      await expect(
        db.pool.query(`UPDATE interview_sessions SET thinking_time = 'forever' WHERE id = $1`, [session.id]),
      ).rejects.toThrow(/interview_sessions_thinking_time_known/);
    });

    it('refuses a second unfinished session for one user, allows one after the first finishes', async () => {
      const first = await newSession();
      const second = db.interviews.create({ userId: first.userId, roomName: `room-${randomUUID()}` });
      await expect(second).rejects.toBeInstanceOf(UnfinishedSessionExistsError);
      await expect(second).rejects.toMatchObject({ userId: first.userId });

      await db.interviews.markStatus(first.id, 'completed', new Date());
      const next = await db.interviews.create({ userId: first.userId, roomName: `room-${randomUUID()}` });
      expect(next.status).toBe('pending');
      // Re-opening the finished one would make two unfinished sessions.
      await expect(db.interviews.markStatus(first.id, 'active', new Date())).rejects.toBeInstanceOf(
        UnfinishedSessionExistsError,
      );
    });

    it('refuses a room name already used, and a session for an unknown user', async () => {
      const first = await newSession();
      const other = await newUser();
      await expect(
        db.interviews.create({ userId: other.uid, roomName: first.roomName }),
      ).rejects.toBeInstanceOf(RoomNameTakenError);
      await expect(
        db.interviews.create({ userId: 'no-such-user', roomName: `room-${randomUUID()}` }),
      ).rejects.toMatchObject({ name: 'DatabaseQueryError', code: '23503' });
    });

    it('stores state snapshots, keeps the report unless given, and stamps status times', async () => {
      const session = await newSession();
      const updated = await db.interviews.updateState(session.id, {
        phase: 'questions',
        questionIds: ['q1', 'q2'],
        questionIndex: 1,
        state: { greeted: true, nested: { answers: [1, 2] } },
        status: 'active',
      });
      expect(updated).toMatchObject({
        phase: 'questions',
        questionIds: ['q1', 'q2'],
        questionIndex: 1,
        state: { greeted: true, nested: { answers: [1, 2] } },
        status: 'active',
        report: null,
      });
      expect(updated?.startedAt).toBeInstanceOf(Date);

      const reported = await db.interviews.updateState(session.id, {
        phase: 'wrap_up',
        questionIds: ['q1', 'q2'],
        questionIndex: 2,
        state: {},
        report: { overall: 4 },
      });
      expect(reported).toMatchObject({ status: 'active', report: { overall: 4 } });
      const kept = await db.interviews.updateState(session.id, {
        phase: 'completed',
        questionIds: ['q1', 'q2'],
        questionIndex: 2,
        state: {},
      });
      expect(kept?.report).toEqual({ overall: 4 });
      const unknownId = randomUUID();
      expect(
        await db.interviews.updateState(unknownId, {
          phase: 'profile',
          questionIds: [],
          questionIndex: 0,
          state: {},
        }),
      ).toBeNull();

      const endedAt = new Date('2030-01-02T03:04:05.000Z');
      const completed = await db.interviews.markStatus(session.id, 'completed', endedAt);
      expect(completed).toMatchObject({ status: 'completed', endedAt, startedAt: updated?.startedAt });
      expect(await db.interviews.findUnfinishedForUser(session.userId)).toBeNull();
    });

    it('records who left and when the room ended, keeping the session resumable in a new room', async () => {
      const session = await newSession();
      const userLeft = new Date('2030-01-01T00:00:01.000Z');
      const agentLeft = new Date('2030-01-01T00:00:02.000Z');
      const roomEnded = new Date('2030-01-01T00:00:03.000Z');
      expect(await db.interviews.recordUserLeft(session.roomName, userLeft)).toMatchObject({
        userLeftAt: userLeft,
      });
      expect(await db.interviews.recordAgentLeft(session.roomName, agentLeft)).toMatchObject({
        agentLeftAt: agentLeft,
      });
      expect(await db.interviews.markEnded(session.roomName, roomEnded)).toMatchObject({
        status: 'pending',
        roomEndedAt: roomEnded,
        endedAt: null,
      });
      expect(await db.interviews.markEnded('no-such-room', roomEnded)).toBeNull();

      const newRoom = `room-${randomUUID()}`;
      expect(await db.interviews.moveToRoom(session.id, 'not-its-room', newRoom)).toBeNull();
      expect(await db.interviews.moveToRoom(session.id, session.roomName, newRoom)).toMatchObject({
        id: session.id,
        roomName: newRoom,
        roomEndedAt: null,
        userLeftAt: null,
        agentLeftAt: null,
      });
      expect(await db.interviews.getByRoom(session.roomName)).toBeNull();

      const done = await newSession();
      await db.interviews.markStatus(done.id, 'completed', userLeft);
      expect(await db.interviews.markEnded(done.roomName, roomEnded)).toMatchObject({
        status: 'completed',
        endedAt: userLeft,
      });
      expect(await db.interviews.moveToRoom(done.id, done.roomName, `room-${randomUUID()}`)).toBeNull();
    });

    it('lists a user’s sessions newest first, up to the limit', async () => {
      const first = await newSession();
      await db.interviews.markStatus(first.id, 'completed', new Date());
      const second = await db.interviews.create({ userId: first.userId, roomName: `room-${randomUUID()}` });
      await db.interviews.markStatus(second.id, 'abandoned', new Date());
      const third = await db.interviews.create({ userId: first.userId, roomName: `room-${randomUUID()}` });
      const all = await db.interviews.listForUser(first.userId, 10);
      expect(all.map((s) => s.id)).toEqual([third.id, second.id, first.id]);
      expect((await db.interviews.listForUser(first.userId, 2)).map((s) => s.id)).toEqual([
        third.id,
        second.id,
      ]);
    });
  });

  describe('webhook events', () => {
    it('applies each event id once, however often and however concurrently it is delivered', async () => {
      const event = {
        id: `EV_${randomUUID()}`,
        event: 'participant_left',
        roomName: 'r',
        createdAt: new Date(),
      };
      const wide = await openWide();
      try {
        const firsts = await Promise.all(
          Array.from({ length: 8 }, () => wide.webhookEvents.recordFirstDelivery(event)),
        );
        expect(firsts.filter(Boolean)).toHaveLength(1);
      } finally {
        await wide.close();
      }
      expect(await db.webhookEvents.recordFirstDelivery(event)).toBe(false);
      await db.webhookEvents.forget(event.id);
      expect(await db.webhookEvents.recordFirstDelivery(event)).toBe(true);
    });

    it('never moves a departure backwards when an older event arrives late', async () => {
      const session = await newSession();
      const later = new Date('2026-11-30T10:00:10Z');
      const earlier = new Date('2026-11-30T10:00:00Z');
      await db.interviews.recordAgentLeft(session.roomName, later);
      expect((await db.interviews.recordAgentLeft(session.roomName, earlier))?.agentLeftAt).toEqual(later);
      await db.interviews.recordUserLeft(session.roomName, later);
      expect((await db.interviews.recordUserLeft(session.roomName, earlier))?.userLeftAt).toEqual(later);
    });
  });

  describe('agent lease', () => {
    it('lets exactly one of many concurrent acquirers win', async () => {
      const session = await newSession();
      const wide = openWide();
      try {
        const holders = Array.from({ length: 24 }, (_, i) => `agent-${i}`);
        const results = await Promise.all(
          holders.map((holder) => wide.interviews.acquireLease(session.id, holder, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = holders[results.indexOf(true)];
        expect((await db.interviews.get(session.id))?.agentLeaseHolder).toBe(winner);
        expect(await db.interviews.leaseHolder(session.id)).toEqual({ holder: winner });
      } finally {
        await wide.close();
      }
    });

    it('renews and re-acquires for the holder only, and frees on release', async () => {
      const { id } = await newSession();
      expect(await db.interviews.acquireLease(id, 'a', 60_000)).toBe(true);
      expect(await db.interviews.acquireLease(id, 'a', 60_000)).toBe(true);
      expect(await db.interviews.acquireLease(id, 'b', 60_000)).toBe(false);
      expect(await db.interviews.renewLease(id, 'a', 60_000)).toBe(true);
      expect(await db.interviews.renewLease(id, 'b', 60_000)).toBe(false);
      expect(await db.interviews.releaseLease(id, 'b')).toBe(false);
      expect(await db.interviews.releaseLease(id, 'a')).toBe(true);
      expect((await db.interviews.get(id))?.agentLeaseExpiresAt).toBeNull();
      expect(await db.interviews.leaseHolder(id)).toEqual({ holder: null });
      // A freed lease (the interview moved room meanwhile) is taken again by the holder's renewal.
      expect(await db.interviews.renewLease(id, 'a', 60_000)).toBe(true);
    });

    it('hands an expired lease to the next agent', async () => {
      const { id } = await newSession();
      expect(await db.interviews.acquireLease(id, 'crashed', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await db.interviews.leaseHolder(id)).toEqual({ holder: null });
      expect(await db.interviews.acquireLease(id, 'replacement', 60_000)).toBe(true);
      expect(await db.interviews.renewLease(id, 'crashed', 60_000)).toBe(false);
    });

    it('lets exactly one agent take over from a holder known to be gone', async () => {
      const { id } = await newSession();
      expect(await db.interviews.acquireLease(id, 'killed', 60_000)).toBe(true);
      const wide = openWide();
      try {
        const takers = Array.from({ length: 8 }, (_, i) => `replacement-${i}`);
        const results = await Promise.all(
          takers.map((taker) => wide.interviews.takeOverLease(id, 'killed', taker, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await db.interviews.leaseHolder(id)).toEqual({ holder: takers[results.indexOf(true)] });
        expect(await db.interviews.renewLease(id, 'killed', 60_000)).toBe(false);
      } finally {
        await wide.close();
      }
    });

    it('keeps the lease with the agent that completed the interview, and gives it to no one else', async () => {
      const { id } = await newSession();
      expect(await db.interviews.acquireLease(id, 'noah', 60_000)).toBe(true);
      await db.interviews.markStatus(id, 'completed', new Date());
      // Noah stays for his closing words: completing the interview is not losing the room to another agent.
      expect(await db.interviews.renewLease(id, 'noah', 60_000)).toBe(true);
      expect(await db.interviews.renewLease(id, 'another', 60_000)).toBe(false);
      expect(await db.interviews.acquireLease(id, 'another', 60_000)).toBe(false);
      expect(await db.interviews.releaseLease(id, 'noah')).toBe(true);
      expect(await db.interviews.renewLease(id, 'noah', 60_000)).toBe(false);
    });

    it('gives no lease for a finished session or an unknown interview, and says so', async () => {
      const session = await newSession();
      await db.interviews.markStatus(session.id, 'completed', new Date());
      expect(await db.interviews.acquireLease(session.id, 'a', 60_000)).toBe(false);
      expect(await db.interviews.leaseHolder(session.id)).toBeNull();
      const unknown = randomUUID();
      expect(await db.interviews.acquireLease(unknown, 'a', 60_000)).toBe(false);
      expect(await db.interviews.leaseHolder(unknown)).toBeNull();
    });
  });

  describe('answers', () => {
    it('records a retried tool call once, even when the retries race', async () => {
      const session = await newSession();
      const answer = {
        sessionId: session.id,
        questionId: 'q1',
        questionText: 'Tell me about a hard bug.',
        summary: 'Found a race in the cache.',
        scores: [{ competency: 'communication' as const, score: 4, evidence: 'clear structure' }],
        toolCallId: 'call-1',
      };
      const results = await Promise.all([1, 2, 3, 4].map(() => db.answers.record(answer)));
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(await db.answers.record(answer)).toEqual({ inserted: false });
      expect(await db.answers.record({ ...answer, questionId: 'q2', toolCallId: 'call-2' })).toEqual({
        inserted: true,
      });
      const stored = await db.answers.listForSession(session.id);
      expect(stored.map((a) => a.toolCallId).sort()).toEqual(['call-1', 'call-2']);
      expect(stored.find((a) => a.toolCallId === 'call-1')).toMatchObject({
        questionText: 'Tell me about a hard bug.',
        scores: [{ competency: 'communication' as const, score: 4, evidence: 'clear structure' }],
      });
    });

    it('refuses an answer for an unknown session', async () => {
      await expect(
        db.answers.record({
          sessionId: randomUUID(),
          questionId: 'q1',
          questionText: 'q',
          summary: 's',
          scores: [],
          toolCallId: 'c',
        }),
      ).rejects.toBeInstanceOf(DatabaseQueryError);
    });
  });

  describe('transcript', () => {
    it('numbers turns 1..n per session, also when appends race', async () => {
      const session = await newSession();
      const other = await newSession();
      await db.transcript.append({ sessionId: other.id, role: 'agent', text: 'other session' });
      const wide = openWide();
      try {
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            wide.transcript.append({
              sessionId: session.id,
              role: i % 2 ? 'user' : 'agent',
              text: `turn ${i}`,
            }),
          ),
        );
      } finally {
        await wide.close();
      }
      const turns = await db.transcript.listForSession(session.id);
      expect(turns.map((t) => t.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(turns.map((t) => t.text)).size).toBe(12);
      expect((await db.transcript.listForSession(other.id)).map((t) => [t.seq, t.role, t.text])).toEqual([
        [1, 'agent', 'other session'],
      ]);
    });

    it('refuses a turn for an unknown session', async () => {
      await expect(
        db.transcript.append({ sessionId: randomUUID(), role: 'user', text: 'hi' }),
      ).rejects.toBeInstanceOf(DatabaseQueryError);
    });
  });
});
