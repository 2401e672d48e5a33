import { setTimeout as sleep } from 'node:timers/promises';

export type Write = () => Promise<unknown>;

export interface WriteBehindQueueOptions {
  /** Called when a write fails; the write stays at the head of the queue and is retried. */
  onFailure: (error: unknown, pending: number) => void;
  onRecovered: (pending: number) => void;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Runs writes one at a time, in order. A failed write is retried with backoff and nothing behind it
 * is skipped, so while the database is down the interview goes on and every answer and transcript
 * turn is written, in order, once it is back.
 */
export class WriteBehindQueue {
  #pending: Write[] = [];
  #running: Promise<void> | undefined;
  #failing = false;
  #closed = false;

  constructor(private readonly options: WriteBehindQueueOptions) {}

  get pending(): number {
    return this.#pending.length;
  }

  push(write: Write): void {
    this.#pending.push(write);
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
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

  async #drain(): Promise<void> {
    let backoff = this.options.retryMinMs ?? 250;
    while (this.#pending.length > 0 && !this.#closed) {
      const write = this.#pending[0] as Write;
      try {
        await write();
        this.#pending.shift();
        backoff = this.options.retryMinMs ?? 250;
        if (this.#failing) {
          this.#failing = false;
          this.options.onRecovered(this.#pending.length);
        }
      } catch (error) {
        this.#failing = true;
        this.options.onFailure(error, this.#pending.length);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 5_000);
      }
    }
  }
}
