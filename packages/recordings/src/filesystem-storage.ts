import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertRecordingKey, type RecordingStorage } from './recording-storage.ts';

/**
 * Clips as files under `root` (RECORDINGS_DIR): `<root>/<interview id>/<question id>.ogg`. Written to a
 * temporary name and renamed, so a reader never sees half a clip. For one machine, or a shared volume.
 */
export function filesystemStorage(root: string): RecordingStorage {
  const pathOf = (key: string) => {
    assertRecordingKey(key);
    return join(root, key);
  };
  return {
    kind: 'filesystem',
    async put(key, audio) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, audio);
      await rename(partial, path);
      return true;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      // The interview's folder goes with its last clip; one still holding others stays.
      await rmdir(dirname(path)).catch(() => {}); // ENOTEMPTY: other clips remain
    },
  };
}
