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
    created_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    role: row.role,
    text: row.text,
    createdAt: row.created_at,
  }));

export type TranscriptTurn = z.output<typeof turnRow>;

const appendInput = z.object({ sessionId: z.uuid(), role: transcriptRole, text: z.string() });

export type AppendTurnInput = z.input<typeof appendInput>;

export interface TranscriptRepository {
  /** Appends a turn with the session's next seq (1, 2, ...). */
  append(input: AppendTurnInput): Promise<TranscriptTurn>;
  /** In seq order. */
  listForSession(sessionId: string): Promise<TranscriptTurn[]>;
}

export function createTranscriptRepository(db: Queryable): TranscriptRepository {
  return {
    async append(input) {
      const { sessionId, role, text } = appendInput.parse(input);
      const turn = await queryOptionalRow(
        db,
        turnRow,
        `WITH next AS (
           UPDATE interview_sessions SET transcript_turn_count = transcript_turn_count + 1
           WHERE id = $1 RETURNING id, transcript_turn_count
         )
         INSERT INTO transcript_turns (session_id, seq, role, text)
         SELECT id, transcript_turn_count, $2, $3 FROM next
         RETURNING *`,
        [sessionId, role, text],
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
