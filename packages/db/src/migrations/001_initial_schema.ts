// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
export const initialSchema = /* sql */ `
CREATE TABLE users (
  uid text PRIMARY KEY CHECK (uid <> ''),
  email text,
  display_name text,
  target_role text,
  experience_years integer CHECK (experience_years BETWEEN 0 AND 80),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE interview_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id text NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
  room_name text NOT NULL CONSTRAINT interview_sessions_room_name_unique UNIQUE,
  phase text NOT NULL DEFAULT 'not_started',
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'active', 'completed', 'abandoned')),
  role text,
  question_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  question_index integer NOT NULL DEFAULT 0 CHECK (question_index >= 0),
  report jsonb,
  state jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz,
  user_left_at timestamptz,
  agent_left_at timestamptz,
  room_ended_at timestamptz,
  agent_lease_holder text,
  agent_lease_expires_at timestamptz,
  -- Hands out transcript_turns.seq: bumping it row-locks the session, so concurrent appends get 1, 2, 3...
  transcript_turn_count integer NOT NULL DEFAULT 0,
  CONSTRAINT interview_sessions_lease_complete
    CHECK ((agent_lease_holder IS NULL) = (agent_lease_expires_at IS NULL))
);

-- At most one unfinished interview per user, enforced by the database rather than by callers.
CREATE UNIQUE INDEX interview_sessions_one_unfinished_per_user
  ON interview_sessions (user_id) WHERE status IN ('pending', 'active');

CREATE INDEX interview_sessions_user_created ON interview_sessions (user_id, created_at DESC);

CREATE TABLE answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  question_text text NOT NULL,
  summary text NOT NULL,
  scores jsonb NOT NULL DEFAULT '{}'::jsonb,
  tool_call_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A tool call the model retries is recorded once.
  CONSTRAINT answers_session_tool_call_unique UNIQUE (session_id, tool_call_id)
);

CREATE TABLE transcript_turns (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq > 0),
  role text NOT NULL CHECK (role IN ('user', 'agent')),
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT transcript_turns_session_seq_unique UNIQUE (session_id, seq)
);
`;
