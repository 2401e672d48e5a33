import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.ts';
import { type BackendKind, backends, createMigratedBackend } from './backends.ts';

describe.each(backends)('recordings.listForSessions on $name', (kind: BackendKind) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await createMigratedBackend(kind));
  });
  afterAll(async () => {
    await dispose?.();
  });

  async function interviewWith(questionIds: string[]) {
    const user = await db.users.upsert({ uid: `uid-${randomUUID()}` });
    const session = await db.interviews.create({ userId: user.uid, roomName: `room-${randomUUID()}` });
    for (const [questionIndex, questionId] of questionIds.entries()) {
      await db.recordings.record({
        sessionId: session.id,
        questionId,
        questionIndex,
        mimeType: 'audio/ogg; codecs=opus',
        durationMs: 1000,
        speechSegments: [{ startMs: 0, endMs: 900 }],
        agentSpeechMs: 100,
        candidateText: questionId,
        storageKey: `${session.id}/${questionId}`,
        byteLength: 0,
      });
    }
    return session.id;
  }

  it("reads the given interviews' recordings in one query, each in question order, and no one else's", async () => {
    const first = await interviewWith(['swe-2', 'background']);
    const second = await interviewWith(['gen-1']);
    const other = await interviewWith(['des-1']);
    const rows = await db.recordings.listForSessions([first, second]);
    expect(rows.filter((row) => row.sessionId === first).map((row) => row.questionId)).toEqual([
      'swe-2',
      'background',
    ]);
    expect(rows.filter((row) => row.sessionId === second).map((row) => row.questionId)).toEqual(['gen-1']);
    expect(rows.some((row) => row.sessionId === other)).toBe(false);
    expect(await db.recordings.listForSessions([])).toEqual([]);
  });
});
