import { ConnectionState, ParticipantKind, type Room, RoomEvent } from '@livekit/rtc-node';
import type { Database } from '@rehearse/db';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

/**
 * How long a lease holder that is not in the room yet gets to appear before it counts as gone. It took
 * the lease after joining, so this only covers the room's news of it reaching this job.
 */
const HOLDER_ARRIVAL_GRACE_MS = 3_000;

export type LeaseOutcome = 'held' | 'taken' | 'unavailable' | 'no-interview';

/**
 * One agent per interview, decided by the database (a row lease keyed by the interview id from the
 * dispatch metadata), and by LiveKit itself when the database cannot decide:
 * - the lease is free, expired or ours → this job speaks and renews it while it lives;
 * - another holder is in the room → a duplicate dispatch: leave without speaking;
 * - the holder is not in the room (a killed job, an old room) → take the lease over and speak;
 * - the database is down or slow, or there is no interview row → speak only if no other agent was
 *   in the room before this one joined (livekit-server orders joins, so of two only the later leaves),
 *   and keep trying to take the lease so writes can be fenced on `holder` once the database is back.
 * `holder` is this agent's participant identity, so every job can check a holder's presence.
 */
export class AgentLease {
  #timer: NodeJS.Timeout | undefined;
  #held = false;
  #lost = false;
  #room: Room | undefined;

  constructor(
    private readonly db: Database,
    private readonly interviewId: string | undefined,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** True while this job holds the lease: only then may it write the interview's state. */
  get held(): boolean {
    return this.#held;
  }

  /**
   * Whether this job may speak in `room`. `agentsBeforeMe` are the agent participants that were already
   * in the room when this job joined.
   */
  async claim(room: Room, agentsBeforeMe: readonly string[]): Promise<LeaseOutcome> {
    this.#room = room;
    const outcome = await this.#decide(room);
    if (outcome === 'unavailable' || outcome === 'no-interview') {
      if (agentsBeforeMe.length > 0) {
        this.log.warn(
          { lease: outcome, agentsBeforeMe },
          'no lease to decide, and another agent was here first; leaving',
        );
        return 'taken';
      }
    }
    return outcome;
  }

  async #decide(room: Room): Promise<LeaseOutcome> {
    const { interviewId } = this;
    if (!interviewId) return 'no-interview';
    try {
      if (await this.#call(this.db.interviews.acquireLease(interviewId, this.holder, this.ttlMs))) {
        this.#held = true;
        return 'held';
      }
      const current = await this.#call(this.db.interviews.leaseHolder(interviewId));
      if (!current) return 'no-interview';
      const other = current.holder;
      if (other === null) {
        // It expired between the two reads: one more try, like a free lease.
        this.#held = await this.#call(this.db.interviews.acquireLease(interviewId, this.holder, this.ttlMs));
        return this.#held ? 'held' : 'taken';
      }
      if (await holderArrives(room, other, HOLDER_ARRIVAL_GRACE_MS)) return 'taken';
      if (!(await this.#call(this.db.interviews.takeOverLease(interviewId, other, this.holder, this.ttlMs))))
        return 'taken';
      this.log.warn({ staleHolder: other }, 'took the agent lease over from a holder no longer in the room');
      this.#held = true;
      return 'held';
    } catch (error) {
      this.log.error({ err: String(error) }, 'could not reach the database for the agent lease');
      return 'unavailable';
    }
  }

  #call<T>(work: Promise<T>): Promise<T> {
    return withTimeout(work, this.timeoutMs, 'the agent lease');
  }

  /**
   * Renews the lease every third of its TTL, or, after 'unavailable', keeps claiming it as `claim` does
   * (a killed job's lease is taken over). `onLost` runs once another holder in the room has it: this job
   * must stop speaking and writing.
   */
  keepAlive(onLost: () => void): void {
    const { interviewId } = this;
    const room = this.#room;
    if (!interviewId || !room) return;
    this.#timer = setInterval(
      async () => {
        if (!this.#held) {
          const outcome = await this.#decide(room);
          if (outcome === 'held') this.log.info('agent lease taken now that the database answers');
          if (outcome === 'taken') this.#lose(onLost);
          if (outcome === 'no-interview') this.stop();
          return;
        }
        try {
          if (!(await this.#call(this.db.interviews.renewLease(interviewId, this.holder, this.ttlMs))))
            this.#lose(onLost);
        } catch (error) {
          // The database being briefly away is not losing the lease: it expires only after ttlMs.
          this.log.warn({ err: String(error) }, 'lease renewal failed; retrying');
        }
      },
      Math.max(1_000, Math.floor(this.ttlMs / 3)),
    );
    this.#timer.unref();
  }

  #lose(onLost: () => void): void {
    this.#held = false;
    this.#lost = true;
    this.stop();
    onLost();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /**
   * At shutdown: may this job still write what it has queued? Not once another agent took over (its
   * writes would overwrite the successor's); otherwise it tries to hold the lease one last time.
   */
  async mayFlush(): Promise<boolean> {
    this.stop();
    const { interviewId } = this;
    if (this.#lost) return false;
    if (this.#held || !interviewId) return true;
    return this.#call(this.db.interviews.acquireLease(interviewId, this.holder, this.ttlMs)).catch(
      () => false,
    );
  }

  async release(): Promise<void> {
    this.stop();
    if (!this.interviewId || !this.#held) return;
    this.#held = false;
    await this.#call(this.db.interviews.releaseLease(this.interviewId, this.holder)).catch((error) =>
      this.log.warn({ err: String(error) }, 'could not release the lease; it expires by itself'),
    );
  }
}

/**
 * The agent participants that were in `room` before this job joined, whoever connects it (AgentSession.start
 * does): read as the connection completes, when the room knows those it joined with and no later arrival yet.
 */
export function agentsWhenConnected(room: Room): Promise<string[]> {
  if (room.isConnected) return Promise.resolve(agentsInRoom(room));
  return new Promise((resolve) => {
    const onState = (state: ConnectionState) => {
      if (state !== ConnectionState.CONN_CONNECTED) return;
      room.off(RoomEvent.ConnectionStateChanged, onState);
      resolve(agentsInRoom(room));
    };
    room.on(RoomEvent.ConnectionStateChanged, onState);
  });
}

/** The agent participants in `room` now. */
export function agentsInRoom(room: Room): string[] {
  return [...room.remoteParticipants.values()]
    .filter((participant) => participant.kind === ParticipantKind.AGENT)
    .map((participant) => participant.identity);
}

/** True when `identity` is in `room` now or joins within `graceMs`. */
function holderArrives(room: Room, identity: string, graceMs: number): Promise<boolean> {
  if (room.remoteParticipants.has(identity)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onConnected = (participant: { identity: string }) => {
      if (participant.identity !== identity) return;
      finish(true);
    };
    const timer = setTimeout(() => finish(false), graceMs);
    const finish = (arrived: boolean) => {
      clearTimeout(timer);
      room.off(RoomEvent.ParticipantConnected, onConnected);
      resolve(arrived);
    };
    room.on(RoomEvent.ParticipantConnected, onConnected);
  });
}
