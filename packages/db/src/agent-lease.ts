import { z } from 'zod';
import { execute, type Queryable } from './query.ts';

const roomName = z.string().min(1);
const holder = z.string().min(1);
// Whole milliseconds, at most a day: a lease is renewed while the agent lives, never held for long.
const ttlMs = z.number().int().min(1).max(86_400_000);

/** One agent per room, decided by the database so it holds across processes and machines. */
export interface AgentLeaseRepository {
  /**
   * True when `holder` now holds the room's lease: it was free, expired, or already `holder`'s.
   * False when another live holder has it, or the room has no unfinished session.
   */
  acquireLease(roomName: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease; false when `holder` no longer holds it (it expired and someone else took it). */
  renewLease(roomName: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if `holder` holds it; false otherwise. */
  releaseLease(roomName: string, holder: string): Promise<boolean>;
}

export function createAgentLeaseRepository(db: Queryable): AgentLeaseRepository {
  return {
    async acquireLease(room, who, ttl) {
      // One UPDATE: PostgreSQL re-checks the WHERE clause after waiting on a competitor's row lock,
      // so of N concurrent acquirers exactly one sees the lease free. Expiry uses the database clock.
      const result = await execute(
        db,
        `UPDATE interview_sessions
         SET agent_lease_holder = $2,
             agent_lease_expires_at = now() + $3::integer * interval '1 millisecond',
             updated_at = now()
         WHERE room_name = $1
           AND status IN ('pending', 'active')
           AND (agent_lease_holder IS NULL OR agent_lease_expires_at < now() OR agent_lease_holder = $2)
         RETURNING id`,
        [roomName.parse(room), holder.parse(who), ttlMs.parse(ttl)],
      );
      return result.rowCount === 1;
    },

    async renewLease(room, who, ttl) {
      const result = await execute(
        db,
        `UPDATE interview_sessions
         SET agent_lease_expires_at = now() + $3::integer * interval '1 millisecond', updated_at = now()
         WHERE room_name = $1 AND agent_lease_holder = $2
         RETURNING id`,
        [roomName.parse(room), holder.parse(who), ttlMs.parse(ttl)],
      );
      return result.rowCount === 1;
    },

    async releaseLease(room, who) {
      const result = await execute(
        db,
        `UPDATE interview_sessions
         SET agent_lease_holder = NULL, agent_lease_expires_at = NULL, updated_at = now()
         WHERE room_name = $1 AND agent_lease_holder = $2
         RETURNING id`,
        [roomName.parse(room), holder.parse(who)],
      );
      return result.rowCount === 1;
    },
  };
}
