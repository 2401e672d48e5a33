import type { Database } from '@rehearse/db';
import { assertRecordingKey, type RecordingStorage } from './recording-storage.ts';

/** The clip in its own answer_recordings row (`audio bytea`): nothing else to run, back up or clean up. */
export function databaseStorage(db: Pick<Database, 'recordings'>): RecordingStorage {
  return {
    kind: 'database',
    put(key, audio) {
      assertRecordingKey(key);
      return db.recordings.writeAudio(key, audio);
    },
    async get(key) {
      assertRecordingKey(key);
      const audio = await db.recordings.readAudio(key);
      return audio ? new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength) : null;
    },
    delete(key) {
      assertRecordingKey(key);
      return db.recordings.clearAudio(key);
    },
  };
}
