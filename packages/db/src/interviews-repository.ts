import { z } from 'zod';
import { toDatabaseError, violatedUniqueConstraint } from './classify-error.ts';
import { RoomNameTakenError, UnfinishedSessionExistsError } from './errors.ts';
import {
  type InterviewSession,
  type InterviewStatus,
  interviewSessionRow,
  interviewStatus,
  jsonObject,
} from './interview-session-row.ts';
import { type Queryable, queryOptionalRow, queryRows, toJsonParam } from './query.ts';

const nonEmpty = z.string().min(1);
const sessionId = z.uuid();
const at = z.date();

const createInput = z.object({
  userId: nonEmpty,
  roomName: nonEmpty,
  role: z.string().min(1).nullable().optional(),
  /** Defaults to 'not_started' in the schema; pass the domain's first phase to override. */
  phase: nonEmpty.optional(),
});

const updateStateInput = z.object({
  phase: nonEmpty,
  questionIds: z.array(z.string()),
  questionIndex: z.number().int().min(0),
  state: jsonObject,
  status: interviewStatus.optional(),
  /** Omitted: keep the stored report; null: clear it. */
  report: jsonObject.nullable().optional(),
});

export type CreateInterviewInput = z.input<typeof createInput>;
export type UpdateInterviewStateInput = z.input<typeof updateStateInput>;

export interface InterviewsRepository {
  /** Throws UnfinishedSessionExistsError if the user has a pending/active session, RoomNameTakenError on a reused room. */
  create(input: CreateInterviewInput): Promise<InterviewSession>;
  findUnfinishedForUser(userId: string): Promise<InterviewSession | null>;
  getByRoom(roomName: string): Promise<InterviewSession | null>;
  get(id: string): Promise<InterviewSession | null>;
  /** Newest first. */
  listForUser(userId: string, limit: number): Promise<InterviewSession[]>;
  /** Null when no such session. */
  updateState(id: string, input: UpdateInterviewStateInput): Promise<InterviewSession | null>;
  /** 'active' sets startedAt, 'completed'/'abandoned' set endedAt (each only the first time). */
  markStatus(id: string, status: InterviewStatus, at: Date): Promise<InterviewSession | null>;
  recordUserLeft(roomName: string, at: Date): Promise<InterviewSession | null>;
  recordAgentLeft(roomName: string, at: Date): Promise<InterviewSession | null>;
  /**
   * The room is gone (LiveKit's room_finished). The interview's status is kept: an unfinished one
   * is resumed later in a new room (moveToRoom), at the question where it stopped.
   */
  markEnded(roomName: string, at: Date): Promise<InterviewSession | null>;
  /**
   * Continues an unfinished interview in a new room: clears the old room's lifecycle and lease. Null
   * unless the row is still unfinished and still in `fromRoom` (two racing resumes: one wins).
   */
  moveToRoom(id: string, fromRoom: string, toRoom: string): Promise<InterviewSession | null>;
}

// Keeps started_at / ended_at consistent with whichever status a statement sets ($status, $at).
const statusTimestamps = (status: string, time: string) => `
  started_at = CASE WHEN ${status} = 'active' THEN COALESCE(started_at, ${time}) ELSE started_at END,
  ended_at = CASE WHEN ${status} IN ('completed', 'abandoned') THEN COALESCE(ended_at, ${time}) ELSE ended_at END`;

export function createInterviewsRepository(db: Queryable): InterviewsRepository {
  const one = (text: string, params: unknown[]) => queryOptionalRow(db, interviewSessionRow, text, params);

  return {
    async create(input) {
      const { userId, roomName, role, phase } = createInput.parse(input);
      try {
        const session = await one(
          `INSERT INTO interview_sessions (user_id, room_name, role, phase)
           VALUES ($1, $2, $3, COALESCE($4, 'not_started')) RETURNING *`,
          [userId, roomName, role ?? null, phase ?? null],
        );
        if (!session) throw new Error('insert returned no row');
        return session;
      } catch (error) {
        const constraint = violatedUniqueConstraint((error as Error).cause);
        if (constraint === 'interview_sessions_one_unfinished_per_user') {
          throw new UnfinishedSessionExistsError(userId, { cause: error });
        }
        if (constraint === 'interview_sessions_room_name_unique') {
          throw new RoomNameTakenError(roomName, { cause: error });
        }
        throw toDatabaseError(error);
      }
    },

    async findUnfinishedForUser(userId) {
      return one(`SELECT * FROM interview_sessions WHERE user_id = $1 AND status IN ('pending', 'active')`, [
        nonEmpty.parse(userId),
      ]);
    },

    async getByRoom(roomName) {
      return one('SELECT * FROM interview_sessions WHERE room_name = $1', [nonEmpty.parse(roomName)]);
    },

    async get(id) {
      const parsed = sessionId.safeParse(id);
      // Not a uuid cannot match a row; answering null spares callers a SQL cast error.
      if (!parsed.success) return null;
      return one('SELECT * FROM interview_sessions WHERE id = $1', [parsed.data]);
    },

    async listForUser(userId, limit) {
      return queryRows(
        db,
        interviewSessionRow,
        `SELECT * FROM interview_sessions WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
        [nonEmpty.parse(userId), z.number().int().min(1).max(1000).parse(limit)],
      );
    },

    async updateState(id, input) {
      const update = updateStateInput.parse(input);
      return mapUnfinishedConflict(
        one(
          `UPDATE interview_sessions SET
             phase = $2, question_ids = $3::jsonb, question_index = $4, state = $5::jsonb,
             status = COALESCE($6, status),
             report = CASE WHEN $7::boolean THEN $8::jsonb ELSE report END,
             ${statusTimestamps('COALESCE($6, status)', 'now()')},
             updated_at = now()
           WHERE id = $1 RETURNING *`,
          [
            sessionId.parse(id),
            update.phase,
            toJsonParam(update.questionIds),
            update.questionIndex,
            toJsonParam(update.state),
            update.status ?? null,
            update.report !== undefined,
            update.report == null ? null : toJsonParam(update.report),
          ],
        ),
      );
    },

    async markStatus(id, status, time) {
      return mapUnfinishedConflict(
        one(
          `UPDATE interview_sessions SET status = $2, ${statusTimestamps('$2::text', '$3::timestamptz')},
             updated_at = now()
           WHERE id = $1 RETURNING *`,
          [sessionId.parse(id), interviewStatus.parse(status), at.parse(time)],
        ),
      );
    },

    async recordUserLeft(roomName, time) {
      return one(
        'UPDATE interview_sessions SET user_left_at = $2, updated_at = now() WHERE room_name = $1 RETURNING *',
        [nonEmpty.parse(roomName), at.parse(time)],
      );
    },

    async recordAgentLeft(roomName, time) {
      return one(
        'UPDATE interview_sessions SET agent_left_at = $2, updated_at = now() WHERE room_name = $1 RETURNING *',
        [nonEmpty.parse(roomName), at.parse(time)],
      );
    },

    async markEnded(roomName, time) {
      return one(
        `UPDATE interview_sessions SET room_ended_at = COALESCE(room_ended_at, $2), updated_at = now()
         WHERE room_name = $1 RETURNING *`,
        [nonEmpty.parse(roomName), at.parse(time)],
      );
    },

    async moveToRoom(id, fromRoom, roomName) {
      try {
        return await one(
          `UPDATE interview_sessions SET room_name = $2, room_ended_at = NULL, user_left_at = NULL,
             agent_left_at = NULL, agent_lease_holder = NULL, agent_lease_expires_at = NULL, updated_at = now()
           WHERE id = $1 AND room_name = $3 AND status IN ('pending', 'active') RETURNING *`,
          [sessionId.parse(id), nonEmpty.parse(roomName), nonEmpty.parse(fromRoom)],
        );
      } catch (error) {
        if (violatedUniqueConstraint((error as Error).cause) === 'interview_sessions_room_name_unique') {
          throw new RoomNameTakenError(roomName, { cause: error });
        }
        throw toDatabaseError(error);
      }
    },
  };
}

/** Re-opening a session while another is unfinished hits the partial unique index: say so plainly. */
async function mapUnfinishedConflict(
  update: Promise<InterviewSession | null>,
): Promise<InterviewSession | null> {
  try {
    return await update;
  } catch (error) {
    if (violatedUniqueConstraint((error as Error).cause) === 'interview_sessions_one_unfinished_per_user') {
      throw new UnfinishedSessionExistsError(undefined, { cause: error });
    }
    throw error;
  }
}
