import { z } from 'zod';
import { execute, type Queryable, queryOptionalRow } from './query.ts';

const interviewId = z.uuid();
const holder = z.string().min(1);
// Whole milliseconds, at most a day: a lease is renewed while the agent lives, never held for long.
const ttlMs = z.number().int().min(1).max(86_400_000);

/** Who holds an unfinished interview's lease now; `holder` is null when it is free or expired. */
export interface LeaseHolder {
  holder: string | null;
}

/**
 * One agent per interview, decided by the database so it holds across processes and machines. The
 * holder is the agent's LiveKit participant identity, so a job can tell whether the holder is still in
 * its room, and writes can be fenced on it (only the holder's state writes land).
 */
export interface AgentLeaseRepository {
  /**
   * True when `holder` now holds the interview's lease: it was free, expired, or already `holder`'s.
   * False when another live holder has it, or the interview is finished or unknown (see `leaseHolder`).
   */
  acquireLease(interviewId: string, holder: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends the lease, taking it again if it was freed or expired meanwhile (the interview moved room,
   * the database was away longer than the lease); false when another live holder has it or the interview
   * ended another way (abandoned, expired). The agent that completed the interview keeps it.
   */
  renewLease(interviewId: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Takes the lease from `staleHolder` (known gone) only if it still holds it: one taker wins. */
  takeOverLease(interviewId: string, staleHolder: string, holder: string, ttlMs: number): Promise<boolean>;
  /** The live holder of an unfinished interview's lease; null when the interview is finished or unknown. */
  leaseHolder(interviewId: string): Promise<LeaseHolder | null>;
  /** Frees the lease if `holder` holds it; false otherwise. */
  releaseLease(interviewId: string, holder: string): Promise<boolean>;
}

export function createAgentLeaseRepository(db: Queryable): AgentLeaseRepository {
  // One UPDATE: PostgreSQL re-checks the WHERE clause after waiting on a competitor's row lock,
  // so of N concurrent acquirers exactly one sees the lease free. Expiry uses the database clock.
  // A renewal also keeps the lease of the agent that completed the interview while it says goodbye:
  // completing it is not losing the room to another agent.
  const claim = (renewal: boolean) => async (id: string, who: string, ttl: number) => {
    const result = await execute(
      db,
      `UPDATE interview_sessions
       SET agent_lease_holder = $2,
           agent_lease_expires_at = now() + $3::integer * interval '1 millisecond',
           updated_at = now()
       WHERE id = $1
         AND ((status IN ('pending', 'active')
               AND (agent_lease_holder IS NULL OR agent_lease_expires_at < now() OR agent_lease_holder = $2))
              OR ($4 AND status = 'completed' AND agent_lease_holder = $2))
       RETURNING id`,
      [interviewId.parse(id), holder.parse(who), ttlMs.parse(ttl), renewal],
    );
    return result.rowCount === 1;
  };

  return {
    acquireLease: claim(false),
    renewLease: claim(true),

    async takeOverLease(id, stale, who, ttl) {
      const result = await execute(
        db,
        `UPDATE interview_sessions
         SET agent_lease_holder = $3,
             agent_lease_expires_at = now() + $4::integer * interval '1 millisecond',
             updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'active') AND agent_lease_holder = $2
         RETURNING id`,
        [interviewId.parse(id), holder.parse(stale), holder.parse(who), ttlMs.parse(ttl)],
      );
      return result.rowCount === 1;
    },

    async leaseHolder(id) {
      return queryOptionalRow(
        db,
        z.object({ holder: z.string().nullable() }),
        `SELECT CASE WHEN agent_lease_expires_at >= now() THEN agent_lease_holder END AS holder
         FROM interview_sessions
         WHERE id = $1 AND status IN ('pending', 'active')`,
        [interviewId.parse(id)],
      );
    },

    async releaseLease(id, who) {
      const result = await execute(
        db,
        `UPDATE interview_sessions
         SET agent_lease_holder = NULL, agent_lease_expires_at = NULL, updated_at = now()
         WHERE id = $1 AND agent_lease_holder = $2
         RETURNING id`,
        [interviewId.parse(id), holder.parse(who)],
      );
      return result.rowCount === 1;
    },
  };
}
