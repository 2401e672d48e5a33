import 'server-only';
import { DatabaseUnavailableError } from '@rehearse/db';
import { createRecordingStorage, type RecordingStorage } from '@rehearse/recordings';
import { serverConfig } from './config.ts';
import { db } from './database.ts';
import { dependencyUnavailable } from './http-error.ts';
import { DependencyTimeoutError, withTimeout } from './timeout.ts';

let storage: RecordingStorage | undefined;

/** Where answer recordings' audio is, as RECORDINGS_STORAGE says (the agent writes to the same place). */
export async function recordingStorage(): Promise<RecordingStorage> {
  const database = await db();
  storage ??= createRecordingStorage(serverConfig(), database);
  return storage;
}

/**
 * One storage call, bounded: a bucket or disk may be slower than a row, so three database timeouts. A storage
 * that fails or does not answer is a 503, never a 500.
 */
export async function storageCall<T>(work: Promise<T>): Promise<T> {
  try {
    return await withTimeout('recordings', serverConfig().DB_TIMEOUT_MS * 3, work);
  } catch (error) {
    if (error instanceof DependencyTimeoutError || error instanceof DatabaseUnavailableError) throw error;
    throw dependencyUnavailable('recordings', error);
  }
}
