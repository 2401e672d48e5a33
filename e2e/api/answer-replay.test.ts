import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_PATHS,
  deleteInterviewResponse,
  interviewReportResponse,
  startInterviewResponse,
} from '@rehearse/api-contract';
import { OpusClipEncoder } from '@rehearse/audio';
import { createDatabase, type Database } from '@rehearse/db';
import {
  databaseStorage,
  filesystemStorage,
  type RecordingStorage,
  recordingKey,
} from '@rehearse/recordings';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

let stack: Stack;
let database: Database;
let recordingsDir: string;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack();
  database = createDatabase({ url: stack.databaseUrl, queryTimeoutMs: 5000 });
  recordingsDir = await mkdtemp(join(tmpdir(), 'rehearse-e2e-recordings-'));
});

afterAll(async () => {
  await database?.close();
  await stack?.stop();
  await rm(recordingsDir, { recursive: true, force: true });
});

/** Two seconds of a tone, as the agent would store it. */
function oggClip(): Uint8Array {
  const encoder = new OpusClipEncoder({ sampleRate: 16_000, bitrate: 24_000, maxDurationMs: 60_000 });
  const pcm = Buffer.alloc(16_000 * 2 * 2);
  for (let i = 0; i < pcm.length / 2; i += 1) pcm.writeInt16LE(Math.round(6000 * Math.sin(i / 8)), i * 2);
  encoder.push(pcm);
  return encoder.finish().bytes;
}

const call = (
  baseUrl: string,
  path: string,
  init: { method?: string; idToken?: string; range?: string } = {},
) =>
  fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.idToken ? { authorization: `Bearer ${init.idToken}` } : {}),
      ...(init.range ? { range: init.range } : {}),
    },
    signal: AbortSignal.timeout(30_000),
  });

/** The owner's interview, completed, with one scored answer and its recording stored in `storage`. */
async function completedWithRecording(idToken: string, storage: RecordingStorage) {
  const started = await readContract(
    await postStartInterview(stack.web.url, { idToken }),
    startInterviewResponse,
  );
  const sessionId = started.interview_id;
  await database.answers.record({
    sessionId,
    questionId: 'swe-1',
    questionText: 'Tell me about a hard bug.',
    summary: 'Found a race in a cache.',
    scores: [{ competency: 'problem_solving', score: 4, evidence: 'bisected the failing build' }],
    toolCallId: 'call-1',
  });
  const audio = oggClip();
  const key = recordingKey(sessionId, 'swe-1');
  await database.recordings.record({
    sessionId,
    questionId: 'swe-1',
    questionIndex: 1,
    mimeType: 'audio/ogg; codecs=opus',
    durationMs: 2000,
    speechSegments: [{ startMs: 0, endMs: 2000 }],
    agentSpeechMs: 1500,
    candidateText: 'Found a race in a cache.',
    storageKey: key,
    byteLength: audio.length,
  });
  expect(await storage.put(key, audio)).toBe(true);
  await database.interviews.updateState(sessionId, {
    phase: 'completed',
    questionIds: ['swe-1'],
    questionIndex: 1,
    state: {},
    status: 'completed',
    report: {
      competencyScores: [{ competency: 'problem_solving', average: 4, count: 1 }],
      overall: 4,
      strengths: ['Clear.'],
      improvements: ['Name the trade-offs.'],
      answers: [],
    },
  });
  return { sessionId, audio, key, audioPath: API_PATHS.answerAudio(sessionId, 'swe-1') };
}

describe('GET /api/interviews/:id/answers/:questionId/audio', () => {
  it('serves the clip to its owner with ranges; others get 404, anonymous 401', async () => {
    const owner = await signUpUser(stack.auth.host);
    const stranger = await signUpUser(stack.auth.host);
    const { sessionId, audio, audioPath } = await completedWithRecording(
      owner.idToken,
      databaseStorage(database),
    );

    const whole = await call(stack.web.url, audioPath, { idToken: owner.idToken });
    expect(whole.status).toBe(200);
    expect(Object.fromEntries(whole.headers)).toMatchObject({
      'content-type': 'audio/ogg; codecs=opus',
      'accept-ranges': 'bytes',
      'cache-control': expect.stringMatching(/^private\b/),
    });
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(audio);

    const part = await call(stack.web.url, audioPath, { idToken: owner.idToken, range: 'bytes=10-99' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-99/${audio.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(audio.subarray(10, 100));
    const tail = await call(stack.web.url, audioPath, { idToken: owner.idToken, range: 'bytes=-20' });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(audio.subarray(audio.length - 20));
    const past = await call(stack.web.url, audioPath, {
      idToken: owner.idToken,
      range: `bytes=${audio.length}-`,
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${audio.length}`);

    expect((await call(stack.web.url, audioPath, { idToken: stranger.idToken })).status).toBe(404);
    expect((await call(stack.web.url, audioPath)).status).toBe(401);
    for (const path of [
      API_PATHS.answerAudio(sessionId, 'swe-2'),
      API_PATHS.answerAudio(sessionId, '..%2F..%2Fetc%2Fpasswd'),
      API_PATHS.answerAudio(sessionId, 'x'.repeat(65)),
      API_PATHS.answerAudio('not-a-uuid', 'swe-1'),
    ]) {
      const response = await call(stack.web.url, path, { idToken: owner.idToken });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    }

    const report = await readContract(
      await getJson(stack.web.url, API_PATHS.interviewReport(sessionId), owner.idToken),
      interviewReportResponse,
    );
    expect(report.answers[0]?.recording).toEqual({
      audio_url: audioPath,
      duration_ms: 2000,
      speech_segments: [{ start_ms: 0, end_ms: 2000 }],
      agent_speech_ms: 1500,
      candidate_text: 'Found a race in a cache.',
    });
  });
});

describe('DELETE /api/interviews/:id', () => {
  it('deletes a finished interview of its owner with its rows and audio; refuses an unfinished one', async () => {
    const owner = await signUpUser(stack.auth.host);
    const stranger = await signUpUser(stack.auth.host);
    const { sessionId, audioPath, key } = await completedWithRecording(
      owner.idToken,
      databaseStorage(database),
    );
    const path = API_PATHS.interview(sessionId);

    expect((await call(stack.web.url, path, { method: 'DELETE' })).status).toBe(401);
    expect((await call(stack.web.url, path, { method: 'DELETE', idToken: stranger.idToken })).status).toBe(
      404,
    );
    const deleted = await call(stack.web.url, path, { method: 'DELETE', idToken: owner.idToken });
    expect(deleted.status).toBe(200);
    expect(await readContract(deleted, deleteInterviewResponse)).toEqual({ id: sessionId, deleted: true });

    expect(await database.interviews.get(sessionId)).toBeNull();
    expect(await database.answers.listForSession(sessionId)).toEqual([]);
    expect(await database.recordings.listForSession(sessionId)).toEqual([]);
    expect(await databaseStorage(database).get(key)).toBeNull();
    expect((await call(stack.web.url, audioPath, { idToken: owner.idToken })).status).toBe(404);
    expect((await call(stack.web.url, path, { method: 'DELETE', idToken: owner.idToken })).status).toBe(404);

    // An unfinished interview (its agent may be writing it) is refused until it is abandoned.
    const next = await readContract(
      await postStartInterview(stack.web.url, { idToken: owner.idToken }),
      startInterviewResponse,
    );
    const refused = await call(stack.web.url, API_PATHS.interview(next.interview_id), {
      method: 'DELETE',
      idToken: owner.idToken,
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'interview_unfinished' });
    expect(await database.interviews.get(next.interview_id)).not.toBeNull();
  });

  it('with RECORDINGS_STORAGE=filesystem, serves the clip from RECORDINGS_DIR and deletes its file', async () => {
    const web = await stack.startExtraWeb({
      RECORDINGS_STORAGE: 'filesystem',
      RECORDINGS_DIR: recordingsDir,
    });
    try {
      const owner = await signUpUser(stack.auth.host);
      const storage = filesystemStorage(recordingsDir);
      const { sessionId, audio, audioPath } = await completedWithRecording(owner.idToken, storage);
      const served = await call(web.url, audioPath, { idToken: owner.idToken });
      expect(served.status).toBe(200);
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(audio);
      expect(await readdir(join(recordingsDir, sessionId))).toEqual(['swe-1.ogg']);

      const deleted = await call(web.url, API_PATHS.interview(sessionId), {
        method: 'DELETE',
        idToken: owner.idToken,
      });
      expect(deleted.status).toBe(200);
      expect(await readdir(recordingsDir)).not.toContain(sessionId);
      expect(await database.interviews.get(sessionId)).toBeNull();
    } finally {
      await web.stop();
    }
  });
});
