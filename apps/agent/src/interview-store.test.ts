import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database, migrate } from '@rehearse/db';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '@rehearse/db/embedded-server';
import { applyToolCall, type InterviewState, newInterview, type RecordedAnswer } from '@rehearse/interview';
import { freePort } from '@rehearse/local-stack';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterviewStore } from './interview-store.ts';
import { metricsReporter } from './metrics-reporter.ts';

/** The store against a real embedded database that the tests stop and start. */
const log = pino({ level: 'silent' });
const dataDir = mkdtempSync(join(tmpdir(), 'interview-store-test-'));
let port: number;
let server: EmbeddedDatabase;
let db: Database;
const metrics = metricsReporter(9); // UDP to the discard port: these tests read the database, not metrics

beforeAll(async () => {
  port = await freePort();
  server = await startEmbeddedDatabase({ dataDir, port, log });
  db = createDatabase({ url: server.url, log, queryTimeoutMs: 1_000 });
  await migrate(db.pool, { log });
});

afterAll(async () => {
  metrics.close();
  await db?.close();
  await server?.stop();
});

let rooms = 0;
async function newInterviewRow() {
  rooms += 1;
  const uid = `uid-${rooms}`;
  await db.users.upsert({ uid, email: `${uid}@example.test` });
  const row = await db.interviews.create({ userId: uid, roomName: `room-${rooms}`, phase: 'profile' });
  return { uid, row };
}

/** As the dispatch metadata names it. */
const targetOf = (row: { id: string; roomName: string }) => ({ interviewId: row.id, roomName: row.roomName });

function apply(state: InterviewState, name: string, args: unknown, toolCallId: string): InterviewState {
  const outcome = applyToolCall(state, { name, args, toolCallId } as never, { questionCount: 1 });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.state;
}

const profiled = (state: InterviewState) =>
  apply(state, 'save_profile', { name: 'Ada', target_role: 'backend engineer', experience_years: 5 }, 'p1');
const backgroundAnswer = (toolCallId: string) => ({
  question_id: 'background',
  summary: 'Builds payment systems.',
  scores: [{ competency: 'communication', score: 3, evidence: 'Clear.' }],
  toolCallId,
});

describe('InterviewStore', () => {
  it('sets a refused write aside, keeps writing what follows, and stores text without NUL', async () => {
    const { uid, row } = await newInterviewRow();
    const store = new InterviewStore(db, targetOf(row), log, 1_000, metrics);
    const loaded = await store.load(uid, 'Ada');
    const state = profiled(loaded ?? newInterview({ candidateName: 'Ada' }));
    // Scores the answers table refuses for good (an empty competency): set aside, not retried forever.
    const refused = { toolCallId: 'bad', questionId: 'background', summary: 'x', scores: [] };
    store.recordAnswer({ ...refused, scores: [{ competency: '', score: 3, evidence: '' }] } as never, 'Q');
    store.appendTurn('user', 'typed\u0000 line');
    store.saveState(state);
    expect(await store.flush(10_000)).toBe(true);

    expect((await db.failedWrites.listForSession(row.id)).map((failed) => failed.kind)).toEqual(['answer']);
    expect((await db.transcript.listForSession(row.id)).map((turn) => turn.text)).toEqual(['typed line']);
    expect(await db.interviews.get(row.id)).toMatchObject({ phase: 'background', stateVersion: 1 });
  });

  it('settles each saved state once it is stored, and not while the database is away', async () => {
    const { uid, row } = await newInterviewRow();
    const store = new InterviewStore(db, targetOf(row), log, 1_000, metrics);
    const loaded = (await store.load(uid, 'Ada')) ?? newInterview({ candidateName: 'Ada' });
    await server.stop();
    const settledAt: Record<string, number> = {};
    const profile = profiled(loaded);
    const answered = apply(profile, 'record_answer', backgroundAnswer('b1'), 'b1');
    void store.saveState(profile).then(() => {
      settledAt.profile = Date.now();
    });
    void store.saveState(answered).then(() => {
      settledAt.answered = Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(settledAt).toEqual({});
    expect((await db.interviews.get(row.id).catch(() => null))?.phase).not.toBe('background');

    server = await startEmbeddedDatabase({ dataDir, port, log });
    const backAt = Date.now();
    expect(await store.flush(20_000)).toBe(true);
    expect(Object.keys(settledAt).sort()).toEqual(['answered', 'profile']);
    expect(settledAt.profile).toBeGreaterThanOrEqual(backAt);
    expect(await db.interviews.get(row.id)).toMatchObject({ phase: 'background', state: answered });
  });

  it('writes nothing before the stored state is read; then the saved progress wins over the fresh start', async () => {
    const { uid, row } = await newInterviewRow();
    let saved = profiled(newInterview({ candidateName: 'Ada' }));
    saved = apply(saved, 'record_answer', backgroundAnswer('first'), 'first');
    saved = apply(saved, 'next_question', {}, 'n1');
    await db.interviews.updateState(row.id, {
      phase: saved.phase,
      questionIds: saved.questionIds,
      questionIndex: saved.questionIndex,
      state: saved as unknown as Record<string, unknown>,
    });
    await db.answers.record({
      sessionId: row.id,
      questionId: 'background',
      questionText: 'Background?',
      summary: 'Builds payment systems.',
      scores: [],
      toolCallId: 'first',
    });

    await server.stop();
    let continued: InterviewState | undefined;
    const store = new InterviewStore(db, targetOf(row), log, 1_000, metrics, {
      onStoredStateWins: (state) => {
        continued = state;
      },
    });
    expect(await store.load(uid, 'Ada')).toBeNull();
    // The fresh start goes on meanwhile: a profile and the background answer again.
    let fresh = profiled(newInterview({ candidateName: 'Ada' }));
    store.saveState(fresh);
    fresh = apply(fresh, 'record_answer', backgroundAnswer('again'), 'again');
    store.recordAnswer(fresh.answers[0] as RecordedAnswer, 'Background?');
    store.saveState(fresh);
    store.appendTurn('user', 'I build payment systems.');
    server = await startEmbeddedDatabase({ dataDir, port, log });

    expect(await store.flush(20_000)).toBe(true);
    expect(continued).toEqual(saved);
    const stored = await db.interviews.get(row.id);
    expect(stored).toMatchObject({ phase: 'questions', state: saved, stateVersion: 1 });
    expect((await db.answers.listForSession(row.id)).map((answer) => answer.toolCallId)).toEqual(['first']);
    expect((await db.transcript.listForSession(row.id)).map((turn) => turn.text)).toEqual([
      'I build payment systems.',
    ]);
  });

  it('reads the dispatched interview by its id, not by the room it is in', async () => {
    const { uid, row } = await newInterviewRow();
    const saved = profiled(newInterview({ candidateName: 'Ada' }));
    await db.interviews.updateState(row.id, {
      phase: saved.phase,
      questionIds: saved.questionIds,
      questionIndex: saved.questionIndex,
      state: saved as unknown as Record<string, unknown>,
    });
    // A resumed interview's new room, made before the row points at it.
    const store = new InterviewStore(
      db,
      { interviewId: row.id, roomName: 'not-yet-moved' },
      log,
      1_000,
      metrics,
    );
    expect(await store.load(uid, 'Ada')).toEqual(saved);
    expect(store.interviewId).toBe(row.id);
    await store.flush(1_000);

    // A manual dispatch names no interview: a fresh start that persists nothing, whatever the room holds.
    const manual = new InterviewStore(
      db,
      { interviewId: undefined, roomName: row.roomName },
      log,
      1_000,
      metrics,
    );
    expect(await manual.load(uid, 'Ada')).toMatchObject({ phase: 'profile', answers: [] });
    manual.saveState(profiled(newInterview({ candidateName: 'Ada' })));
    expect(await manual.flush(1_000)).toBe(true);
    expect(manual.interviewId).toBeUndefined();
    expect((await db.interviews.get(row.id))?.state).toEqual(saved);
  });

  it('reads the interview before the candidate is known, and gives it only to the candidate who owns it', async () => {
    const { uid, row } = await newInterviewRow();
    const saved = profiled(newInterview({ candidateName: 'Ada' }));
    await db.interviews.updateState(row.id, {
      phase: saved.phase,
      questionIds: saved.questionIds,
      questionIndex: saved.questionIndex,
      state: saved as unknown as Record<string, unknown>,
    });

    const intruder = new InterviewStore(db, targetOf(row), log, 1_000, metrics);
    intruder.prefetch();
    expect(await intruder.load('uid-someone-else', 'Mallory')).toBeNull();
    intruder.saveState(newInterview({ candidateName: 'Mallory' }));
    expect(await intruder.flush(1_000)).toBe(true);
    expect(intruder.interviewId).toBeUndefined();

    const owner = new InterviewStore(db, targetOf(row), log, 1_000, metrics);
    owner.prefetch();
    expect(await owner.load(uid, 'Ada')).toEqual(saved);
    expect(owner.interviewId).toBe(row.id);
    await owner.flush(1_000);
    expect((await db.interviews.get(row.id))?.state).toEqual(saved);
  });
});
