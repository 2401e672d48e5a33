import {
  DEFAULT_THINKING_TIME,
  type InterviewStatus,
  PHASES,
  THINKING_TIMES,
  WAY_OUT_STATUSES,
  type WayOutStatus,
} from '@rehearse/interview';
import { z } from 'zod';
import { toDatabaseError, violatedUniqueConstraint } from './classify-error.ts';
import { RoomNameTakenError, UnfinishedSessionExistsError } from './errors.ts';
import {
  type InterviewSession,
  interviewSessionRow,
  interviewStatus,
  jsonObject,
} from './interview-session-row.ts';
import { execute, type Queryable, queryOptionalRow, queryRows, toJsonParam } from './query.ts';

const nonEmpty = z.string().min(1);
const sessionId = z.uuid();
const at = z.date();

const createInput = z.object({
  userId: nonEmpty,
  roomName: nonEmpty,
  role: z.string().min(1).nullable().optional(),
  /** The domain's first phase unless given. */
  phase: z.enum(PHASES).optional(),
  /** The default unless given; never changed afterwards. */
  thinkingTime: z.enum(THINKING_TIMES).optional(),
});

const updateStateInput = z.object({
  phase: z.enum(PHASES),
  questionIds: z.array(z.string()),
  questionIndex: z.number().int().min(0),
  state: jsonObject,
  status: interviewStatus.optional(),
  /** Omitted: keep the stored report; null: clear it. */
  report: jsonObject.nullable().optional(),
});

export type CreateInterviewInput = z.input<typeof createInput>;
export type UpdateInterviewStateInput = z.input<typeof updateStateInput>;

const stateFence = z.object({
  /** The state_version the write was based on. */
  version: z.number().int().min(0),
  /** The agent lease holder writing; the write is refused while another live holder has the lease. */
  holder: nonEmpty,
});

export type StateFence = z.input<typeof stateFence>;

export type FencedStateWrite =
  | { ok: true; session: InterviewSession }
  /** version: someone wrote the state since `version`; lease: another agent holds the room; missing: no row. */
  | { ok: false; reason: 'version' | 'lease' | 'missing'; current: InterviewSession | null };

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
  /**
   * updateState as compare-and-set: written only when the stored state_version is still
   * `fence.version` and no other live agent holds the room's lease. Bumps state_version.
   */
  updateStateFenced(
    id: string,
    input: UpdateInterviewStateInput,
    fence: StateFence,
  ): Promise<FencedStateWrite>;
  /**
   * 'active' sets startedAt, 'completed'/'abandoned'/'expired' set endedAt (each only the first time).
   * Here and in updateState an abandoned or expired interview keeps that status: a late write of its agent
   * never re-opens it.
   */
  markStatus(id: string, status: InterviewStatus, at: Date): Promise<InterviewSession | null>;
  /**
   * The candidate's way out of an unfinished interview: sets `status` and endedAt and frees the agent lease,
   * so an agent still in the room fails its next renewal and leaves. Null unless the row was unfinished.
   */
  endUnfinished(id: string, status: WayOutStatus, at: Date): Promise<InterviewSession | null>;
  /** Marks the user's unfinished interviews created before `createdBefore` expired; returns them. */
  expireUnfinished(userId: string, createdBefore: Date, at: Date): Promise<InterviewSession[]>;
  /** Departures only move forward: an older event arriving late keeps the later time. */
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
  /**
   * Deletes a finished (completed, abandoned or expired) interview with its answers, transcript and
   * recordings (ON DELETE CASCADE). False when there is no such row or it is still unfinished: an agent may
   * be writing it.
   */
  deleteFinished(id: string): Promise<boolean>;
}

const wayOutList = WAY_OUT_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Sets status to `requested` — unless the interview was abandoned or expired, which is final — and keeps
 * started_at / ended_at consistent with the status it ends up with.
 */
const setStatus = (requested: string, time: string) => {
  const status = `(CASE WHEN status IN (${wayOutList}) THEN status ELSE ${requested} END)`;
  return `status = ${status},
  started_at = CASE WHEN ${status} = 'active' THEN COALESCE(started_at, ${time}) ELSE started_at END,
  ended_at = CASE WHEN ${status} IN ('completed', ${wayOutList}) THEN COALESCE(ended_at, ${time}) ELSE ended_at END`;
};

const endedBy = z.enum(WAY_OUT_STATUSES);
const UNFINISHED = `status IN ('pending', 'active')`;
const END_UNFINISHED = `status = $2, ended_at = COALESCE(ended_at, $3), agent_lease_holder = NULL,
  agent_lease_expires_at = NULL, updated_at = now()`;

export function createInterviewsRepository(db: Queryable): InterviewsRepository {
  const one = (text: string, params: unknown[]) => queryOptionalRow(db, interviewSessionRow, text, params);

  return {
    async create(input) {
      const { userId, roomName, role, phase, thinkingTime } = createInput.parse(input);
      try {
        const session = await one(
          `INSERT INTO interview_sessions (user_id, room_name, role, phase, thinking_time)
           VALUES ($1, $2, $3, $4, $5) RETURNING *`,
          [userId, roomName, role ?? null, phase ?? PHASES[0], thinkingTime ?? DEFAULT_THINKING_TIME],
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
      return mapUnfinishedConflict(
        one(`${updateStateSql} WHERE id = $1 RETURNING *`, updateStateParams(id, input)),
      );
    },

    async updateStateFenced(id, input, fence) {
      const { version, holder } = stateFence.parse(fence);
      const written = await mapUnfinishedConflict(
        one(
          `${updateStateSql}
           WHERE id = $1 AND state_version = $9
             AND (agent_lease_holder IS NULL OR agent_lease_holder = $10 OR agent_lease_expires_at < now())
           RETURNING *`,
          [...updateStateParams(id, input), version, holder],
        ),
      );
      if (written) return { ok: true, session: written };
      const current = await one('SELECT * FROM interview_sessions WHERE id = $1', [id]);
      if (!current) return { ok: false, reason: 'missing', current };
      return { ok: false, reason: current.stateVersion === version ? 'lease' : 'version', current };
    },

    async markStatus(id, status, time) {
      return mapUnfinishedConflict(
        one(
          `UPDATE interview_sessions SET ${setStatus('$2::text', '$3::timestamptz')},
             updated_at = now()
           WHERE id = $1 RETURNING *`,
          [sessionId.parse(id), interviewStatus.parse(status), at.parse(time)],
        ),
      );
    },

    async deleteFinished(id) {
      const result = await execute(db, `DELETE FROM interview_sessions WHERE id = $1 AND NOT ${UNFINISHED}`, [
        sessionId.parse(id),
      ]);
      return result.rowCount === 1;
    },

    async endUnfinished(id, status, time) {
      return one(
        `UPDATE interview_sessions SET ${END_UNFINISHED} WHERE id = $1 AND ${UNFINISHED} RETURNING *`,
        [sessionId.parse(id), endedBy.parse(status), at.parse(time)],
      );
    },

    async expireUnfinished(userId, createdBefore, time) {
      return queryRows(
        db,
        interviewSessionRow,
        `UPDATE interview_sessions SET ${END_UNFINISHED}
         WHERE user_id = $1 AND ${UNFINISHED} AND created_at < $4 RETURNING *`,
        [nonEmpty.parse(userId), 'expired', at.parse(time), at.parse(createdBefore)],
      );
    },

    async recordUserLeft(roomName, time) {
      return one(
        'UPDATE interview_sessions SET user_left_at = GREATEST(user_left_at, $2), updated_at = now() WHERE room_name = $1 RETURNING *',
        [nonEmpty.parse(roomName), at.parse(time)],
      );
    },

    async recordAgentLeft(roomName, time) {
      return one(
        'UPDATE interview_sessions SET agent_left_at = GREATEST(agent_left_at, $2), updated_at = now() WHERE room_name = $1 RETURNING *',
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

const updateStateSql = `UPDATE interview_sessions SET
  phase = $2, question_ids = $3::jsonb, question_index = $4, state = $5::jsonb,
  report = CASE WHEN $7::boolean THEN $8::jsonb ELSE report END,
  ${setStatus('COALESCE($6::text, status)', 'now()')},
  state_version = state_version + 1,
  updated_at = now()`;

function updateStateParams(id: string, input: UpdateInterviewStateInput): unknown[] {
  const update = updateStateInput.parse(input);
  return [
    sessionId.parse(id),
    update.phase,
    toJsonParam(update.questionIds),
    update.questionIndex,
    toJsonParam(update.state),
    update.status ?? null,
    update.report !== undefined,
    update.report == null ? null : toJsonParam(update.report),
  ];
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
