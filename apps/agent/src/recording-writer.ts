import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, isPermanentWriteError } from '@rehearse/db';
import { type RecordingStorage, recordingKey } from '@rehearse/recordings';
import type { FinishedClip } from './answer-clip.ts';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

const ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 500;

export interface RecordingWriterOptions {
  db: Pick<Database, 'recordings'>;
  storage: RecordingStorage;
  /** The interview's row id once it has been read; undefined: nothing of this job is persisted. */
  sessionId: () => string | undefined;
  timeoutMs: number;
  /** The job's logger as it is now (it gains the participant once the candidate is known). */
  log: () => Logger;
}

/**
 * Stores each finished answer clip on its own path, beside the interview's write-behind queue (a clip is
 * too large to set aside in failed_writes, and the conversation never waits for it): the row describing it,
 * then its audio in the configured storage, each bounded by `timeoutMs`, retried with backoff a few times.
 * A clip that cannot be stored is logged and lost; the interview goes on.
 */
export class RecordingWriter {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(private readonly options: RecordingWriterOptions) {}

  save(clip: FinishedClip): void {
    const sessionId = this.options.sessionId();
    if (!sessionId) {
      this.options
        .log()
        .info({ questionId: clip.questionId }, 'no stored interview; answer recording not kept');
      return;
    }
    const writing = this.#write(sessionId, clip).finally(() => this.#inFlight.delete(writing));
    this.#inFlight.add(writing);
  }

  /** On shutdown: waits up to `timeoutMs` for the clips still being written; true when none is left. */
  async flush(timeoutMs: number): Promise<boolean> {
    const pending = Promise.all(this.#inFlight).then(() => true);
    // Unref'd: once the writes are done, the deadline's timer must not keep the job process alive.
    return Promise.race([
      pending,
      sleep(timeoutMs, undefined, { ref: false }).then(() => this.#inFlight.size === 0),
    ]);
  }

  async #write(sessionId: string, clip: FinishedClip): Promise<void> {
    const { db, storage, timeoutMs } = this.options;
    const log = this.options.log();
    const key = recordingKey(sessionId, clip.questionId);
    const context = { questionId: clip.questionId, storage: storage.kind, bytes: clip.audio.length };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        // The row first: the database storage puts the audio into it, and the report lists rows.
        await withTimeout(
          db.recordings.record({
            sessionId,
            questionId: clip.questionId,
            questionIndex: clip.questionIndex,
            mimeType: clip.mimeType,
            durationMs: clip.durationMs,
            speechSegments: clip.speechSegments,
            agentSpeechMs: clip.agentSpeechMs,
            candidateText: clip.candidateText,
            storageKey: key,
            byteLength: clip.audio.length,
          }),
          timeoutMs,
          'recording an answer',
        );
        // A bucket or a slow disk may take longer than a row: the audio gets a larger deadline.
        const placed = await withTimeout(storage.put(key, clip.audio), timeoutMs * 3, 'storing answer audio');
        if (!placed) throw new Error('the storage found no row for this recording');
        log.info({ ...context, attempt }, 'answer recording stored');
        return;
      } catch (error) {
        const last = attempt === ATTEMPTS || isPermanentWriteError(error);
        log[last ? 'error' : 'warn'](
          { ...context, attempt, err: String(error) },
          last ? 'answer recording lost' : 'answer recording not stored yet; retrying',
        );
        if (last) return;
        await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }
}
