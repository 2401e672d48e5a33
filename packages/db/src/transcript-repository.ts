import { z } from 'zod';
import { DatabaseQueryError } from './errors.ts';
import { type Queryable, queryOptionalRow, queryRows } from './query.ts';

const transcriptRole = z.enum(['user', 'agent']);

const turnRow = z
  .object({
    id: z.coerce.number().int(), // bigint arrives as a string
    session_id: z.string(),
    seq: z.number().int(),
    role: transcriptRole,
    text: z.string(),
    idempotency_key: z.string().nullable(),
    created_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    role: row.role,
    text: row.text,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  }));

export type TranscriptTurn = z.output<typeof turnRow>;

const appendInput = z.object({
  sessionId: z.uuid(),
  role: transcriptRole,
  text: z.string(),
  /** Chosen once per line by the writer: a retried append with the same key is stored once. */
  idempotencyKey: z.string().min(1).optional(),
});

export type AppendTurnInput = z.input<typeof appendInput>;

export interface TranscriptRepository {
  /**
   * Appends a turn with the session's next seq (1, 2, ...). With an idempotencyKey already stored for the
   * session, nothing is appended and the stored turn is returned.
   */
  append(input: AppendTurnInput): Promise<TranscriptTurn>;
  /** In seq order. */
  listForSession(sessionId: string): Promise<TranscriptTurn[]>;
}

export function createTranscriptRepository(db: Queryable): TranscriptRepository {
  return {
    async append(input) {
      const { sessionId, role, text, idempotencyKey } = appendInput.parse(input);
      // The existing-key check and the seq bump are one statement; the unique index backs it up.
      const turn = await queryOptionalRow(
        db,
        turnRow,
        `WITH existing AS (
           SELECT * FROM transcript_turns WHERE session_id = $1 AND idempotency_key = $4
         ), next AS (
           UPDATE interview_sessions SET transcript_turn_count = transcript_turn_count + 1
           WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM existing) RETURNING id, transcript_turn_count
         ), inserted AS (
           INSERT INTO transcript_turns (session_id, seq, role, text, idempotency_key)
           SELECT id, transcript_turn_count, $2, $3, $4 FROM next
           RETURNING *
         )
         SELECT * FROM inserted UNION ALL SELECT * FROM existing`,
        [sessionId, role, text, idempotencyKey ?? null],
      );
      if (!turn) throw new DatabaseQueryError(`no interview session ${sessionId}`, undefined);
      return turn;
    },

    async listForSession(sessionId) {
      return queryRows(db, turnRow, 'SELECT * FROM transcript_turns WHERE session_id = $1 ORDER BY seq', [
        z.uuid().parse(sessionId),
      ]);
    },
  };
}
