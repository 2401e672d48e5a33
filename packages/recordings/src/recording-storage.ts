/**
 * Where a recording's audio lives, by key (`recordingKey`). The row in answer_recordings is written first
 * and describes the clip; `put` then stores the bytes. Implementations: the database (default) and a local
 * directory; docs/answer-replay.md says how a bucket (GCS/S3) would fit.
 */
export interface RecordingStorage {
  readonly kind: 'database' | 'filesystem';
  /** False when the audio could not be placed (the database storage: no row has this key). */
  put(key: string, audio: Uint8Array): Promise<boolean>;
  /** The whole clip, or null when there is none under this key. */
  get(key: string): Promise<Uint8Array | null>;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[A-Za-z0-9_-]{1,64}\.ogg$/;

/** `<interview id>/<question id>.ogg`: one clip per answered question, safe as a file or object name. */
export function recordingKey(sessionId: string, questionId: string): string {
  const key = `${sessionId}/${questionId}.ogg`;
  assertRecordingKey(key);
  return key;
}

/** Keys come from the database, but a storage never trusts a key to stay inside its own place. */
export function assertRecordingKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a recording key: ${JSON.stringify(key)}`);
}
