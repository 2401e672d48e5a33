// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
/**
 * One recording of the candidate per answered question (docs/answer-replay.md): the clip's timing and
 * text, and where its audio is. `audio` holds the clip only with the database storage
 * (RECORDINGS_STORAGE=database); other storages keep it under `storage_key`. Deleting the interview deletes
 * these rows (the storage's own copies are deleted by the API first).
 */
export const answerRecordings = /* sql */ `
CREATE TABLE answer_recordings (
  session_id uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  question_index int NOT NULL CHECK (question_index >= 0),
  mime_type text NOT NULL,
  duration_ms int NOT NULL CHECK (duration_ms >= 0),
  speech_segments jsonb NOT NULL DEFAULT '[]'::jsonb,
  agent_speech_ms int NOT NULL DEFAULT 0 CHECK (agent_speech_ms >= 0),
  candidate_text text NOT NULL DEFAULT '',
  storage_key text NOT NULL UNIQUE,
  audio bytea NULL,
  byte_length int NOT NULL CHECK (byte_length >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, question_id)
);
`;
