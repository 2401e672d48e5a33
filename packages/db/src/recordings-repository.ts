import { z } from 'zod';
import { execute, type Queryable, queryOptionalRow, queryRows, toJsonParam } from './query.ts';

const speechSegments = z.array(
  z.object({ startMs: z.number().int().min(0), endMs: z.number().int().min(0) }),
);

const recordingRow = z
  .object({
    session_id: z.string(),
    question_id: z.string(),
    question_index: z.number().int(),
    mime_type: z.string(),
    duration_ms: z.number().int(),
    speech_segments: speechSegments,
    agent_speech_ms: z.number().int(),
    candidate_text: z.string(),
    storage_key: z.string(),
    byte_length: z.number().int(),
    created_at: z.date(),
  })
  .transform((row) => ({
    sessionId: row.session_id,
    questionId: row.question_id,
    questionIndex: row.question_index,
    mimeType: row.mime_type,
    durationMs: row.duration_ms,
    speechSegments: row.speech_segments,
    agentSpeechMs: row.agent_speech_ms,
    candidateText: row.candidate_text,
    storageKey: row.storage_key,
    byteLength: row.byte_length,
    createdAt: row.created_at,
  }));

/** A recording's description; its audio is read through the recordings storage (`storageKey`). */
export type AnswerRecording = z.output<typeof recordingRow>;

const recordInput = z.object({
  sessionId: z.uuid(),
  questionId: z.string().min(1),
  questionIndex: z.number().int().min(0),
  mimeType: z.string().min(1),
  durationMs: z.number().int().min(0),
  speechSegments,
  agentSpeechMs: z.number().int().min(0),
  candidateText: z.string(),
  storageKey: z.string().min(1),
  byteLength: z.number().int().min(0),
});

export type NewAnswerRecording = z.input<typeof recordInput>;

/** Every column but the audio itself: listing recordings never loads clips. */
const COLUMNS = `session_id, question_id, question_index, mime_type, duration_ms, speech_segments, agent_speech_ms,
  candidate_text, storage_key, byte_length, created_at`;

const storageKey = z.string().min(1);
const audioRow = z.object({ audio: z.instanceof(Buffer).nullable() });

export interface RecordingsRepository {
  /** inserted is false when the question already has its recording (the first one is kept). */
  record(input: NewAnswerRecording): Promise<{ inserted: boolean }>;
  /** In question order. */
  listForSession(sessionId: string): Promise<AnswerRecording[]>;
  /** Several interviews' recordings in one query (a user's progress), each interview's in question order. */
  listForSessions(sessionIds: readonly string[]): Promise<AnswerRecording[]>;
  get(sessionId: string, questionId: string): Promise<AnswerRecording | null>;
  /** The database storage's half: the clip in the row's `audio` column. False when no row has this key. */
  writeAudio(key: string, audio: Uint8Array): Promise<boolean>;
  readAudio(key: string): Promise<Buffer | null>;
  clearAudio(key: string): Promise<void>;
}

export function createRecordingsRepository(db: Queryable): RecordingsRepository {
  return {
    async record(input) {
      const row = recordInput.parse(input);
      const result = await execute(
        db,
        `INSERT INTO answer_recordings (session_id, question_id, question_index, mime_type, duration_ms,
           speech_segments, agent_speech_ms, candidate_text, storage_key, byte_length)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING`,
        [
          row.sessionId,
          row.questionId,
          row.questionIndex,
          row.mimeType,
          row.durationMs,
          toJsonParam(row.speechSegments),
          row.agentSpeechMs,
          row.candidateText,
          row.storageKey,
          row.byteLength,
        ],
      );
      return { inserted: result.rowCount === 1 };
    },

    async listForSession(sessionId) {
      return queryRows(
        db,
        recordingRow,
        `SELECT ${COLUMNS} FROM answer_recordings WHERE session_id = $1 ORDER BY question_index, created_at`,
        [z.uuid().parse(sessionId)],
      );
    },

    async listForSessions(sessionIds) {
      if (sessionIds.length === 0) return [];
      return queryRows(
        db,
        recordingRow,
        `SELECT ${COLUMNS} FROM answer_recordings WHERE session_id = ANY($1::uuid[])
         ORDER BY session_id, question_index, created_at`,
        [z.array(z.uuid()).max(100).parse(sessionIds)],
      );
    },

    async get(sessionId, questionId) {
      return queryOptionalRow(
        db,
        recordingRow,
        `SELECT ${COLUMNS} FROM answer_recordings WHERE session_id = $1 AND question_id = $2`,
        [z.uuid().parse(sessionId), z.string().min(1).parse(questionId)],
      );
    },

    async writeAudio(key, audio) {
      const result = await execute(db, 'UPDATE answer_recordings SET audio = $2 WHERE storage_key = $1', [
        storageKey.parse(key),
        Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength),
      ]);
      return result.rowCount === 1;
    },

    async readAudio(key) {
      const row = await queryOptionalRow(
        db,
        audioRow,
        'SELECT audio FROM answer_recordings WHERE storage_key = $1',
        [storageKey.parse(key)],
      );
      return row?.audio ?? null;
    },

    async clearAudio(key) {
      await execute(db, 'UPDATE answer_recordings SET audio = NULL WHERE storage_key = $1', [
        storageKey.parse(key),
      ]);
    },
  };
}
