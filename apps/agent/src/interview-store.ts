import type { Database } from '@rehearse/db';
import {
  type InterviewReport,
  type InterviewState,
  newInterview,
  parseInterviewState,
  type RecordedAnswer,
} from '@rehearse/interview';
import type { Logger } from './logger.ts';
import type { AgentMetrics } from './metrics.ts';
import { withTimeout } from './with-timeout.ts';
import { WriteBehindQueue } from './write-behind-queue.ts';

export interface LoadedInterview {
  state: InterviewState;
  /** True when the candidate already made progress in this interview (a refresh, a new room). */
  resumed: boolean;
}

/**
 * The agent's view of the database for one room: a bounded read at the start, then ordered
 * write-behind so a slow or absent database never blocks the conversation or loses a word.
 */
export class InterviewStore {
  readonly #queue: WriteBehindQueue;
  #sessionId: string | undefined;
  /** No row of ours to write to (manual dispatch, or someone else's room): nothing is persisted. */
  #detached = false;

  constructor(
    private readonly db: Database,
    private readonly roomName: string,
    private readonly log: Logger,
    private readonly timeoutMs: number,
    private readonly metrics: AgentMetrics,
  ) {
    this.#queue = new WriteBehindQueue({
      onFailure: (error, pending) => {
        metrics.dbFallback('write');
        log.warn({ err: String(error), pending }, 'database write failed; keeping it queued and retrying');
      },
      onRecovered: (pending) => log.info({ pending }, 'database is back; writing what was queued'),
    });
  }

  get interviewId(): string | undefined {
    return this.#sessionId;
  }

  /** Null when the database is down or slow: the caller starts fresh and writes later. */
  async load(uid: string, candidateName: string): Promise<LoadedInterview | null> {
    try {
      const session = await withTimeout(
        this.db.interviews.getByRoom(this.roomName),
        this.timeoutMs,
        'loading the interview',
      );
      if (!session) {
        this.log.warn('no interview row for this room; starting fresh and persisting nothing');
        this.#detached = true;
        return { state: newInterview({ candidateName }), resumed: false };
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
      const parsed = parseInterviewState(session.state);
      if (!parsed.ok) {
        if (Object.keys(session.state).length > 0)
          this.log.warn({ error: parsed.error }, 'stored state unusable');
        return { state: newInterview({ candidateName }), resumed: false };
      }
      const resumed = parsed.state.phase !== 'profile' || parsed.state.answers.length > 0;
      return { state: parsed.state, resumed };
    } catch (error) {
      this.metrics.dbFallback('load');
      this.log.error(
        { err: String(error) },
        'could not load the interview; starting fresh (fallback greeting)',
      );
      return null;
    }
  }

  saveState(state: InterviewState, report: InterviewReport | null = null): void {
    this.#write(async (id) => {
      await this.db.interviews.updateState(id, {
        phase: state.phase,
        questionIds: state.questionIds,
        questionIndex: state.questionIndex,
        state: state as unknown as Record<string, unknown>,
        status: state.phase === 'completed' ? 'completed' : 'active',
        ...(report ? { report: report as unknown as Record<string, unknown> } : {}),
      });
    });
  }

  recordAnswer(answer: RecordedAnswer, questionText: string): void {
    this.#write((id) =>
      this.db.answers.record({
        sessionId: id,
        questionId: answer.questionId,
        questionText,
        summary: answer.summary,
        scores: answer.scores,
        toolCallId: answer.toolCallId,
      }),
    );
  }

  appendTurn(role: 'user' | 'agent', text: string): void {
    this.#write((id) => this.db.transcript.append({ sessionId: id, role, text }));
  }

  markActive(): void {
    this.#write((id) => this.db.interviews.markStatus(id, 'active', new Date()));
  }

  get pendingWrites(): number {
    return this.#queue.pending;
  }

  /** Used on shutdown: writes what it can within `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    const done = await this.#queue.flush(timeoutMs);
    this.#queue.close();
    return done;
  }

  #write(write: (sessionId: string) => Promise<unknown>): void {
    if (this.#detached) return;
    this.#queue.push(async () => write(await this.#resolveSessionId()));
  }

  /** The row is looked up lazily when the first load failed (database down at start). */
  async #resolveSessionId(): Promise<string> {
    if (this.#sessionId) return this.#sessionId;
    const session = await withTimeout(
      this.db.interviews.getByRoom(this.roomName),
      this.timeoutMs,
      'finding the interview',
    );
    if (!session) throw new Error(`no interview row for room ${this.roomName} yet`);
    this.#sessionId = session.id;
    return session.id;
  }
}
