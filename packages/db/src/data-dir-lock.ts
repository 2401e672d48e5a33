import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Claims `<dataDir>.lock` for this process. PGlite is single-process: two servers on one data
 * folder would corrupt it, so the second one is refused. A lock left by a dead process is taken over.
 */
// Locks this process holds; a lock file naming our own pid but absent here was left by a dead process
// whose pid we inherited (common in containers, where the server is often pid 1).
const heldByThisProcess = new Set<string>();

export function lockDataDir(dataDir: string): { release(): void } {
  const lockPath = `${dataDir}.lock`;
  if (heldByThisProcess.has(lockPath)) {
    throw new Error(`data folder ${dataDir} is in use by process ${process.pid} (lock file ${lockPath})`);
  }
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldByThisProcess.add(lockPath);
      return {
        release: () => {
          heldByThisProcess.delete(lockPath);
          rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(`data folder ${dataDir} is in use by process ${owner} (lock file ${lockPath})`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock data folder ${dataDir} (lock file ${lockPath})`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
