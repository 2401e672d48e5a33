import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@rehearse/db';
import { type BackendKind, backends, createMigratedBackend } from '@rehearse/db/test-backends';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRecordingStorage,
  filesystemStorage,
  type RecordingStorage,
  recordingKey,
} from '../src/index.ts';

const clip = (size: number) => Uint8Array.from({ length: size }, (_, index) => (index * 7) % 256);

describe.each(backends)('answer recordings on $name', (kind: BackendKind) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let directory: string;

  beforeAll(async () => {
    ({ db, dispose } = await createMigratedBackend(kind));
    directory = await mkdtemp(join(tmpdir(), 'rehearse-recordings-'));
  });
  afterAll(async () => {
    await dispose?.();
    await rm(directory, { recursive: true, force: true });
  });

  /** A finished interview with one recording row described, its audio not stored yet. */
  async function recorded(questionId = 'swe-1') {
    const user = await db.users.upsert({ uid: `uid-${randomUUID()}`, email: 'a@example.com' });
    const session = await db.interviews.create({ userId: user.uid, roomName: `room-${randomUUID()}` });
    const key = recordingKey(session.id, questionId);
    const row = {
      sessionId: session.id,
      questionId,
      questionIndex: 1,
      mimeType: 'audio/ogg; codecs=opus',
      durationMs: 4200,
      speechSegments: [{ startMs: 300, endMs: 3900 }],
      agentSpeechMs: 2100,
      candidateText: 'I led the migration.',
      storageKey: key,
      byteLength: 5000,
    };
    expect(await db.recordings.record(row)).toEqual({ inserted: true });
    return { session, key, row };
  }

  const storages: Array<[string, () => RecordingStorage]> = [
    ['database', () => createRecordingStorage({ RECORDINGS_STORAGE: 'database' }, db)],
    [
      'filesystem',
      () => createRecordingStorage({ RECORDINGS_STORAGE: 'filesystem', RECORDINGS_DIR: directory }, db),
    ],
  ];

  it.each(storages)('%s storage: puts, gets and deletes a clip by key', async (_name, make) => {
    const storage = make();
    const { key } = await recorded();
    expect(await storage.get(key)).toBeNull();
    const audio = clip(5000);
    expect(await storage.put(key, audio)).toBe(true);
    expect(await storage.get(key)).toEqual(audio);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // nothing there: not an error
  });

  it('keeps the first recording of a question and lists them in question order, without their audio', async () => {
    const { session, row } = await recorded('swe-2');
    expect(await db.recordings.record({ ...row, durationMs: 1 })).toEqual({ inserted: false });
    await db.recordings.record({
      ...row,
      questionId: 'background',
      questionIndex: 0,
      storageKey: recordingKey(session.id, 'background'),
    });
    const listed = await db.recordings.listForSession(session.id);
    expect(listed.map((recording) => [recording.questionId, recording.durationMs])).toEqual([
      ['background', 4200],
      ['swe-2', 4200],
    ]);
    expect(listed[1]).toMatchObject({ speechSegments: [{ startMs: 300, endMs: 3900 }], agentSpeechMs: 2100 });
    expect(listed[1]).not.toHaveProperty('audio');
    expect(await db.recordings.get(session.id, 'swe-2')).toMatchObject({
      candidateText: 'I led the migration.',
    });
  });

  it('database storage places audio only in a described row; deleting the finished interview deletes it all', async () => {
    const storage = createRecordingStorage({ RECORDINGS_STORAGE: 'database' }, db);
    expect(await storage.put(recordingKey(randomUUID(), 'swe-1'), clip(10))).toBe(false);
    const { session, key } = await recorded();
    await storage.put(key, clip(10));
    expect(await db.interviews.deleteFinished(session.id)).toBe(false); // still pending: an agent may write
    await db.interviews.endUnfinished(session.id, 'abandoned', new Date());
    expect(await db.interviews.deleteFinished(session.id)).toBe(true);
    expect(await db.recordings.listForSession(session.id)).toEqual([]);
    expect(await storage.get(key)).toBeNull();
    expect(await db.interviews.get(session.id)).toBeNull();
  });
});

describe('filesystem storage', () => {
  it('refuses keys that would leave its directory, and removes an interview folder with its last clip', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rehearse-recordings-'));
    try {
      await writeFile(join(root, 'outside.ogg'), 'x');
      const storage = filesystemStorage(root);
      for (const key of ['../outside.ogg', '/etc/passwd', `${randomUUID()}/../../x.ogg`, 'a/b.ogg'])
        await expect(storage.get(key)).rejects.toThrow(/not a recording key/);
      const id = randomUUID();
      await storage.put(recordingKey(id, 'swe-1'), clip(3));
      await storage.put(recordingKey(id, 'swe-2'), clip(3));
      await storage.delete(recordingKey(id, 'swe-1'));
      expect(await readdir(join(root, id))).toEqual(['swe-2.ogg']);
      await storage.delete(recordingKey(id, 'swe-2'));
      expect(await readdir(root)).toEqual(['outside.ogg']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('is refused without a directory', () => {
    expect(() => createRecordingStorage({ RECORDINGS_STORAGE: 'filesystem' }, {} as Database)).toThrow(
      /RECORDINGS_DIR/,
    );
  });
});
