import { setTimeout as sleep } from 'node:timers/promises';

export interface QueuedWrite {
  /** What it writes ('state', 'answer', 'transcript', ...): for logs and for the writes set aside. */
  kind: string;
  /** What is written, kept with the write if the database refuses it for good. */
  payload: unknown;
  /** A newer write with the same key replaces a queued one: only the latest (e.g. state) matters. */
  coalesceKey?: string;
  /** May be dropped, counted and logged, when the queue is over its bound (a transcript line). */
  droppable?: boolean;
  run: () => Promise<unknown>;
}

export interface WriteBehindQueueOptions {
  /** True when retrying can never succeed (bad data): the write is set aside and the rest goes on. */
  isPermanent: (error: unknown) => boolean;
  /** A transient failure: the write stays at the head of the queue and is retried. */
  onFailure: (error: unknown, pending: number) => void;
  onRecovered: (pending: number) => void;
  onSetAside: (write: QueuedWrite, error: unknown) => void;
  onDropped: (write: QueuedWrite, droppedSoFar: number) => void;
  /** Above this many queued writes, the oldest droppable one is dropped. */
  maxPending?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Runs writes one at a time, in order. A write that fails because the database is away is retried
 * with backoff and nothing behind it is skipped, so while the database is down the interview goes on
 * and everything is written, in order, once it is back. A write the database refuses for good is set
 * aside, so it never blocks the ones behind it. The queue is bounded: state writes coalesce, and past
 * `maxPending` the oldest droppable write (a transcript line) is dropped and counted.
 */
export class WriteBehindQueue {
  #pending: QueuedWrite[] = [];
  #running: Promise<void> | undefined;
  /** The write being run: never replaced or dropped under its own feet. */
  #inFlight: QueuedWrite | undefined;
  #failing = false;
  #closed = false;
  #paused = false;
  #dropped = 0;

  constructor(private readonly options: WriteBehindQueueOptions) {}

  get pending(): number {
    return this.#pending.length;
  }

  get dropped(): number {
    return this.#dropped;
  }

  push(write: QueuedWrite): void {
    if (write.coalesceKey !== undefined) {
      const queued = this.#pending.findIndex(
        (other) => other !== this.#inFlight && other.coalesceKey === write.coalesceKey,
      );
      if (queued >= 0) this.#pending.splice(queued, 1);
    }
    this.#pending.push(write);
    if (this.#pending.length > (this.options.maxPending ?? 500)) this.#dropOldest();
    this.#start();
  }

  /** Holds the writes (they queue up) until `resume`: e.g. until the stored state has been read. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#start();
  }

  /** Waits until everything queued is written, or `timeoutMs` passes; true when nothing is left. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.length > 0 && Date.now() < deadline) await sleep(25);
    return this.#pending.length === 0;
  }

  /** Stops retrying (job shutting down); what is still queued is reported by `pending`. */
  close(): void {
    this.#closed = true;
  }

  #start(): void {
    if (this.#paused || this.#closed) return;
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  #dropOldest(): void {
    const index = this.#pending.findIndex((write) => write !== this.#inFlight && write.droppable);
    if (index < 0) return; // only state and answers queued: few by nature, never dropped
    const [write] = this.#pending.splice(index, 1);
    this.#dropped += 1;
    if (write) this.options.onDropped(write, this.#dropped);
  }

  async #drain(): Promise<void> {
    let backoff = this.options.retryMinMs ?? 250;
    while (this.#pending.length > 0 && !this.#closed && !this.#paused) {
      const write = this.#pending[0] as QueuedWrite;
      this.#inFlight = write;
      try {
        await write.run();
        this.#done(write);
        backoff = this.options.retryMinMs ?? 250;
        if (this.#failing) {
          this.#failing = false;
          this.options.onRecovered(this.#pending.length);
        }
      } catch (error) {
        if (this.options.isPermanent(error)) {
          this.#done(write);
          this.options.onSetAside(write, error);
          continue;
        }
        this.#failing = true;
        this.options.onFailure(error, this.#pending.length);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 5_000);
      } finally {
        this.#inFlight = undefined;
      }
    }
  }

  #done(write: QueuedWrite): void {
    const index = this.#pending.indexOf(write);
    if (index >= 0) this.#pending.splice(index, 1);
  }
}
