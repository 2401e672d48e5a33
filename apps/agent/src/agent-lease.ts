import type { Database } from '@rehearse/db';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

export type LeaseOutcome = 'held' | 'taken' | 'unavailable';

/**
 * One agent per room, decided by the database (a row lease, not an in-memory flag): a second job for
 * the same room — a double dispatch, a retry — sees 'taken' and leaves without speaking. The lease is
 * renewed while the job lives; if it is lost (expired and taken over), `onLost` runs.
 */
export class AgentLease {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly roomName: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  async acquire(): Promise<LeaseOutcome> {
    try {
      const held = await withTimeout(
        this.db.interviews.acquireLease(this.roomName, this.holder, this.ttlMs),
        this.timeoutMs,
        'acquiring the agent lease',
      );
      return held ? 'held' : 'taken';
    } catch (error) {
      this.log.error({ err: String(error) }, 'could not reach the database for the agent lease');
      return 'unavailable';
    }
  }

  keepAlive(onLost: () => void): void {
    this.#timer = setInterval(
      async () => {
        try {
          const renewed = await withTimeout(
            this.db.interviews.renewLease(this.roomName, this.holder, this.ttlMs),
            this.timeoutMs,
            'renewing the agent lease',
          );
          if (!renewed) {
            this.stop();
            onLost();
          }
        } catch (error) {
          // The database being briefly away is not losing the lease: it expires only after ttlMs.
          this.log.warn({ err: String(error) }, 'lease renewal failed; retrying');
        }
      },
      Math.max(1_000, Math.floor(this.ttlMs / 3)),
    );
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async release(): Promise<void> {
    this.stop();
    await withTimeout(
      this.db.interviews.releaseLease(this.roomName, this.holder),
      this.timeoutMs,
      'releasing the lease',
    ).catch((error) =>
      this.log.warn({ err: String(error) }, 'could not release the lease; it expires by itself'),
    );
  }
}
