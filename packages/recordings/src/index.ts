import type { Database } from '@rehearse/db';
import { databaseStorage } from './database-storage.ts';
import { filesystemStorage } from './filesystem-storage.ts';
import type { RecordingStorage } from './recording-storage.ts';

export { databaseStorage } from './database-storage.ts';
export { filesystemStorage } from './filesystem-storage.ts';
export { assertRecordingKey, type RecordingStorage, recordingKey } from './recording-storage.ts';

/** The configuration's choice (packages/config: RECORDINGS_STORAGE, RECORDINGS_DIR). */
export interface RecordingStorageConfig {
  RECORDINGS_STORAGE: 'database' | 'filesystem';
  RECORDINGS_DIR?: string | undefined;
}

export function createRecordingStorage(
  config: RecordingStorageConfig,
  db: Pick<Database, 'recordings'>,
): RecordingStorage {
  if (config.RECORDINGS_STORAGE === 'filesystem') {
    if (!config.RECORDINGS_DIR)
      throw new Error('RECORDINGS_DIR must be set when RECORDINGS_STORAGE=filesystem');
    return filesystemStorage(config.RECORDINGS_DIR);
  }
  return databaseStorage(db);
}
