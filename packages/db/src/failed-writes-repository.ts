import { z } from 'zod';
import { execute, type Queryable, queryRows } from './query.ts';

const failedWriteRow = z
  .object({
    id: z.coerce.number().int(), // bigint arrives as a string
    session_id: z.string().nullable(),
    room_name: z.string().nullable(),
    kind: z.string(),
    payload: z.string(),
    error: z.string(),
    error_code: z.string().nullable(),
    created_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    sessionId: row.session_id,
    roomName: row.room_name,
    kind: row.kind,
    /** JSON text of what could not be written (exactly as given, even characters jsonb refuses). */
    payload: row.payload,
    error: row.error,
    errorCode: row.error_code,
    createdAt: row.created_at,
  }));

export type FailedWrite = z.output<typeof failedWriteRow>;

const setAsideInput = z.object({
  sessionId: z.uuid().nullable(),
  roomName: z.string().nullable(),
  kind: z.string().min(1),
  payload: z.unknown(),
  error: z.string(),
  errorCode: z.string().nullable().optional(),
});

export type SetAsideInput = z.input<typeof setAsideInput>;

/** Writes the database refused for good, kept where they can be inspected instead of blocking the rest. */
export interface FailedWritesRepository {
  setAside(input: SetAsideInput): Promise<void>;
  /** Oldest first. */
  listForSession(sessionId: string): Promise<FailedWrite[]>;
}

export function createFailedWritesRepository(db: Queryable): FailedWritesRepository {
  return {
    async setAside(input) {
      const failed = setAsideInput.parse(input);
      // JSON.stringify escapes NUL and lone surrogates, so the payload always fits a text column.
      await execute(
        db,
        `INSERT INTO failed_writes (session_id, room_name, kind, payload, error, error_code)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          failed.sessionId,
          failed.roomName,
          failed.kind,
          JSON.stringify(failed.payload) ?? 'null',
          failed.error.replaceAll('\0', '\\0'),
          failed.errorCode ?? null,
        ],
      );
    },

    async listForSession(sessionId) {
      return queryRows(
        db,
        failedWriteRow,
        'SELECT * FROM failed_writes WHERE session_id = $1 ORDER BY created_at, id',
        [z.uuid().parse(sessionId)],
      );
    },
  };
}
