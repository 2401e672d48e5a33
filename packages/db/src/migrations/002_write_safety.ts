// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
export const writeSafety = /* sql */ `
-- Compare-and-set for the interview state: every state write names the version it was based on.
ALTER TABLE interview_sessions ADD COLUMN state_version integer NOT NULL DEFAULT 0;

-- A retried transcript append carries the same key and is stored once.
ALTER TABLE transcript_turns ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX transcript_turns_session_idempotency_key
  ON transcript_turns (session_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Writes the database refused for good (bad data, a fenced-out writer), kept for inspection.
-- payload is JSON as text: jsonb would reject the very characters (NUL) that may have caused the failure.
CREATE TABLE failed_writes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid REFERENCES interview_sessions (id) ON DELETE CASCADE,
  room_name text,
  kind text NOT NULL,
  payload text NOT NULL,
  error text NOT NULL,
  error_code text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failed_writes_session ON failed_writes (session_id, created_at);

-- One answer per question per interview (the domain's rule). Earlier duplicates are set aside, not lost.
WITH duplicates AS (
  DELETE FROM answers WHERE id IN (
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY session_id, question_id ORDER BY created_at, id) AS n
      FROM answers
    ) ranked WHERE n > 1
  ) RETURNING *
)
INSERT INTO failed_writes (session_id, kind, payload, error)
SELECT session_id, 'answer', row_to_json(duplicates)::text, 'a second answer to the same question (set aside by migration 002)'
FROM duplicates;
ALTER TABLE answers ADD CONSTRAINT answers_session_question_unique UNIQUE (session_id, question_id);
`;
