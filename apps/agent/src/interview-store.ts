import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  type Database,
  type InterviewSession,
  isPermanentWriteError,
  type UpdateInterviewStateInput,
} from '@rehearse/db';
import {
  type InterviewReport,
  type InterviewState,
  newInterview,
  type RecordedAnswer,
  readStoredState,
  reconcileStates,
  sanitizeForStorage,
  sanitizeText,
} from '@rehearse/interview';
import type { Logger } from './logger.ts';
import type { AgentMetrics } from './metrics-reporter.ts';
import { withTimeout } from './with-timeout.ts';
import { type QueuedWrite, WriteBehindQueue } from './write-behind-queue.ts';

/** Which interview a job runs: the id from its dispatch metadata (none for a manual dispatch), in its room. */
export interface StoreTarget {
  interviewId: string | undefined;
  roomName: string;
}

export interface InterviewStoreOptions {
  /** The agent lease holder this job writes as: state writes are fenced on it. */
  holder?: string;
  /**
   * The stored state was read late (the database was away at the start) and it has progress the
   * session does not: continue from `state` (it replaces the fresh start).
   */
  onStoredStateWins?: (state: InterviewState) => void;
  /** Most writes held in memory while the database is away (transcript lines beyond it are dropped). */
  maxPendingWrites?: number;
}

/** The database refused a state write on purpose (compare-and-set, lease fence): never retried. */
class StateWriteRefused extends Error {
  override readonly name = 'StateWriteRefused';
}

/** A write that can never succeed, so is not retried: refused on purpose, or bad data. */
function isPermanent(error: unknown): boolean {
  return error instanceof StateWriteRefused || isPermanentWriteError(error);
}

/** How often a load that failed at the start is tried again in the background. */
const RELOAD_MIN_MS = 500;
const RELOAD_MAX_MS = 5_000;

/**
 * The agent's view of the database for one interview: a bounded read at the start (by the id the
 * dispatch carries, never by room name), then ordered write-behind so a slow or absent database never
 * blocks the conversation or loses a word.
 *
 * Nothing is written before the stored state has been read: if that first read fails, the session
 * starts fresh (fallback greeting) while the writes wait and the read is retried in the background;
 * once it succeeds the stored progress wins (onStoredStateWins) and the fresh start's state and
 * answers are discarded, never written over it. State writes are compare-and-set on state_version
 * and fenced on the agent lease holder; text is sanitised; refused writes go to failed_writes.
 */
export class InterviewStore {
  readonly #queue: WriteBehindQueue;
  readonly #holder: string;
  readonly #target: StoreTarget;
  #sessionId: string | undefined;
  /** state_version of the last state read or written: the base of the next compare-and-set. */
  #version = 0;
  /** No row of ours to write to (manual dispatch, someone else's room): nothing is persisted. */
  #detached = false;
  /** Another writer owns the state: state and answers are set aside instead of written. */
  #fenced = false;
  /** Bumped when the stored state replaces the session's: writes queued from before are stale. */
  #epoch = 0;
  /** States sent since the last confirmed write: one may have landed after its timeout. */
  #unconfirmed: unknown[] = [];
  /** The latest state the session asked to save (what reconciliation compares the stored one with). */
  #sessionState: InterviewState | undefined;
  #closed = false;
  /** The first read, started before the candidate is known (`prefetch`). */
  #firstRead: Promise<InterviewSession | null> | undefined;
  /** States asked to be saved so far, and who waits for which one to be settled (`saveState`'s promise). */
  #statesAsked = 0;
  #stateWaiters: Array<{ state: number; settle: () => void }> = [];

  constructor(
    private readonly db: Database,
    target: StoreTarget,
    private readonly log: Logger,
    private readonly timeoutMs: number,
    private readonly metrics: AgentMetrics,
    private readonly options: InterviewStoreOptions = {},
  ) {
    this.#target = target;
    this.#holder = options.holder ?? `unleased:${target.roomName}`;
    this.#queue = new WriteBehindQueue({
      isPermanent,
      onFailure: (error, pending) => {
        metrics.dbFallback('write');
        log.warn({ err: String(error), pending }, 'database write failed; keeping it queued and retrying');
      },
      onRecovered: (pending) => log.info({ pending }, 'database is back; writing what was queued'),
      onSetAside: (write, error) => void this.#setAside(write, error),
      onDropped: (write, dropped) => {
        metrics.dbFallback('dropped');
        log.error({ kind: write.kind, dropped }, 'write queue full; dropped the oldest transcript line');
      },
      ...(options.maxPendingWrites ? { maxPending: options.maxPendingWrites } : {}),
    });
    this.#queue.pause(); // until the stored state has been read
  }

  get interviewId(): string | undefined {
    return this.#sessionId;
  }

  /** Starts the bounded read now: it needs only the interview id, and `load` takes what it read. */
  prefetch(): void {
    this.#firstRead ??= this.#read();
    this.#firstRead.catch(() => {}); // reported by `load`
  }

  /**
   * The interview for the candidate `uid` (the read `prefetch` started, or one now), checked to be theirs.
   * Null when the database is down or slow: the caller starts fresh; the read goes on in the background.
   */
  async load(uid: string, candidateName: string): Promise<InterviewState | null> {
    try {
      const session = await (this.#firstRead ?? this.#read());
      return this.#adopt(session, uid, candidateName);
    } catch (error) {
      this.metrics.dbFallback('load');
      this.log.error(
        { err: String(error) },
        'could not load the interview; starting fresh (fallback greeting) and retrying the load',
      );
      void this.#keepLoading(uid, candidateName);
      return null;
    }
  }

  /**
   * Queues `state` to be written. The promise settles once it is stored (or a newer state that replaced it in the
   * queue is), or once it never will be: refused for good, or nothing of this interview is persisted. It stays
   * pending while the database is away.
   */
  saveState(state: InterviewState, report: InterviewReport | null = null): Promise<void> {
    this.#sessionState = state;
    const asked = ++this.#statesAsked;
    const settled = new Promise<void>((settle) => this.#stateWaiters.push({ state: asked, settle }));
    const settle = () => this.#settleStatesUpTo(asked);
    const input = sanitizeForStorage({
      phase: state.phase,
      questionIds: state.questionIds,
      questionIndex: state.questionIndex,
      state: state as unknown as Record<string, unknown>,
      status: state.phase === 'completed' ? ('completed' as const) : ('active' as const),
      ...(report ? { report: report as unknown as Record<string, unknown> } : {}),
    });
    const options = { coalesceKey: 'state', fromEpoch: this.#epoch, settled: settle };
    this.#push('state', input, options, async (id) => {
      if (this.#fenced) throw new StateWriteRefused('another writer owns this interview');
      this.#unconfirmed.push(input.state);
      let result = await this.#writeStateFenced(id, input);
      if (!result.ok && result.reason === 'version' && this.#wroteLate(result.current)) {
        // Our own earlier write committed after its timeout: that is the version to build on.
        this.#version = result.current?.stateVersion ?? this.#version;
        result = await this.#writeStateFenced(id, input);
      }
      if (result.ok) {
        this.#version = result.session.stateVersion;
        this.#unconfirmed = [];
        return;
      }
      // Another live agent holds the lease: retried, until this job gets the lease or is told to leave.
      if (result.reason === 'lease')
        throw new Error(`${result.current?.agentLeaseHolder} holds the agent lease`);
      if (result.reason === 'version') {
        this.#fence(
          `the stored state changed (version ${result.current?.stateVersion}, ours ${this.#version})`,
        );
      }
      throw new StateWriteRefused(`state write refused: ${result.reason}`);
    });
    return settled;
  }

  #settleStatesUpTo(asked: number): void {
    const waiting = this.#stateWaiters.filter((waiter) => waiter.state <= asked);
    this.#stateWaiters = this.#stateWaiters.filter((waiter) => waiter.state > asked);
    for (const waiter of waiting) waiter.settle();
  }

  #writeStateFenced(id: string, input: UpdateInterviewStateInput) {
    return this.db.interviews.updateStateFenced(id, input, { version: this.#version, holder: this.#holder });
  }

  #wroteLate(current: InterviewSession | null): boolean {
    return current !== null && this.#unconfirmed.some((sent) => isDeepStrictEqual(sent, current.state));
  }

  recordAnswer(answer: RecordedAnswer, questionText: string): void {
    const input = sanitizeForStorage({ ...answer, questionText });
    this.#push('answer', input, { fromEpoch: this.#epoch }, async (sessionId) => {
      if (this.#fenced) throw new StateWriteRefused('another writer owns this interview');
      const { inserted } = await this.db.answers.record({ sessionId, ...input });
      if (!inserted)
        this.log.info({ questionId: answer.questionId }, 'answer already stored; kept the first');
    });
  }

  appendTurn(role: 'user' | 'agent', rawText: string): void {
    const text = sanitizeText(rawText).trim();
    if (text === '') return;
    // One key per line, chosen now: a retry after a write that did land stores nothing twice.
    const line = { role, text, idempotencyKey: randomUUID() };
    this.#push('transcript', line, { droppable: true }, (sessionId) =>
      this.db.transcript.append({ sessionId, ...line }),
    );
  }

  /**
   * This agent is leaving for good (it gave up on the model): recorded before it goes, so a start that comes
   * before LiveKit's webhook does not take this agent's dispatch for one still on its way.
   */
  recordLeaving(): void {
    const at = new Date();
    this.#push('agent_left', { at }, { coalesceKey: 'agent_left' }, () =>
      this.db.interviews.recordAgentLeft(this.#target.roomName, at),
    );
  }

  markActive(): void {
    this.#push('status', { status: 'active' }, { coalesceKey: 'status' }, (id) =>
      this.db.interviews.markStatus(id, 'active', new Date()),
    );
  }

  get pendingWrites(): number {
    return this.#queue.pending;
  }

  /** Used on shutdown: writes what it can within `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    const done = await this.#queue.flush(timeoutMs);
    this.#closed = true;
    this.#queue.close();
    return done;
  }

  #push(
    kind: string,
    payload: unknown,
    options: {
      coalesceKey?: string;
      droppable?: boolean;
      fromEpoch?: number;
      /** Called once the write is done with: written, refused for good, or skipped. */
      settled?: () => void;
    },
    write: (sessionId: string) => Promise<unknown>,
  ): void {
    const settled = options.settled ?? (() => {});
    if (this.#detached) {
      settled();
      return;
    }
    const queued: QueuedWrite = {
      kind,
      payload,
      ...(options.coalesceKey ? { coalesceKey: options.coalesceKey } : {}),
      ...(options.droppable ? { droppable: true } : {}),
      run: async () => {
        if (this.#detached || !this.#sessionId) {
          settled();
          return;
        }
        if (options.fromEpoch !== undefined && options.fromEpoch !== this.#epoch) {
          this.log.info({ kind }, 'not writing what the fresh start did: the stored interview continues');
          settled();
          return;
        }
        try {
          await withTimeout(write(this.#sessionId), this.timeoutMs, `writing the ${kind}`);
          settled();
        } catch (error) {
          if (isPermanent(error)) settled();
          throw error;
        }
      },
    };
    this.#queue.push(queued);
  }

  #read(): Promise<InterviewSession | null> {
    const { interviewId } = this.#target;
    if (!interviewId) return Promise.resolve(null);
    return withTimeout(this.db.interviews.get(interviewId), this.timeoutMs, 'loading the interview');
  }

  /** Takes the row as the base of every write, and the stored state as what the session continues. */
  #adopt(session: InterviewSession | null, uid: string, candidateName: string): InterviewState | null {
    if (!session) {
      this.log.warn(
        'no interview to run (no dispatched id, or no such row); starting fresh and persisting nothing',
      );
      this.#detached = true;
      return newInterview({ candidateName });
    }
    if (session.userId !== uid) {
      this.log.error(
        { owner: session.userId },
        'participant does not own this interview; persisting nothing',
      );
      this.#detached = true;
      return null;
    }
    this.#sessionId = session.id;
    this.#version = session.stateVersion;
    const stored = readStoredState(session.state);
    let state: InterviewState | null = null;
    if (stored.kind === 'current') state = stored.state;
    if (stored.kind === 'migrated') {
      this.log.warn({ changes: stored.changes }, 'stored state migrated from an older version');
      this.#keepOriginal('migrated_state', session.state, `migrated: ${stored.changes.join('; ')}`);
      state = stored.state;
    }
    if (stored.kind === 'unreadable') {
      this.log.error({ error: stored.error }, 'stored state unreadable; set aside, starting fresh');
      this.#keepOriginal('unreadable_state', session.state, stored.error);
    }
    this.#queue.resume();
    return state ?? newInterview({ candidateName });
  }

  /** The first read failed: keep reading, then reconcile the session with what was stored. */
  async #keepLoading(uid: string, candidateName: string): Promise<void> {
    let wait = RELOAD_MIN_MS;
    while (!this.#closed) {
      await sleep(wait);
      wait = Math.min(wait * 2, RELOAD_MAX_MS);
      let session: InterviewSession | null;
      try {
        session = await this.#read();
      } catch (error) {
        this.log.debug({ err: String(error) }, 'interview still not readable; retrying');
        continue;
      }
      const loaded = this.#adopt(session, uid, candidateName);
      if (loaded) this.markActive();
      const sessionState = this.#sessionState ?? newInterview({ candidateName });
      const { state, winner } = reconcileStates(loaded, sessionState);
      this.log.info({ winner, phase: state.phase }, 'interview loaded late; reconciled with the session');
      if (winner === 'stored') {
        this.#epoch += 1; // the fresh start's queued state and answers are not written
        this.options.onStoredStateWins?.(state);
      }
      return;
    }
  }

  /** A stored state about to be replaced by a migrated or fresh one goes to failed_writes first, as it was. */
  #keepOriginal(kind: string, original: unknown, reason: string): void {
    this.#queue.push({
      kind,
      payload: original,
      run: async () => {
        throw new StateWriteRefused(reason);
      },
    });
  }

  #fence(reason: string): void {
    if (this.#fenced) return;
    this.#fenced = true;
    this.log.error({ reason }, 'interview state fenced: this agent no longer writes it');
  }

  /** Keeps a refused write where it can be inspected: failed_writes, or the log if even that fails. */
  async #setAside(write: QueuedWrite, error: unknown): Promise<void> {
    this.metrics.dbFallback('set_aside');
    this.log.error({ kind: write.kind, err: String(error) }, 'database refused a write for good; set aside');
    const record = {
      sessionId: this.#sessionId ?? null,
      roomName: this.#target.roomName,
      kind: write.kind,
      payload: write.payload,
      error: String(error),
      errorCode: (error as { code?: unknown }).code?.toString() ?? null,
    };
    await withTimeout(this.db.failedWrites.setAside(record), this.timeoutMs, 'setting a write aside').catch(
      (failure) =>
        this.log.error(
          { err: String(failure), failedWrite: { ...record, payload: JSON.stringify(write.payload) } },
          'could not store the refused write; it is kept in this log line',
        ),
    );
  }
}
