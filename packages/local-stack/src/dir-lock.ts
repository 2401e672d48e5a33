import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` holding a cross-process lock (mkdir is atomic), so parallel test processes make a shared artefact
 * once. A lock older than `staleMs` (longer than the work ever takes) is left over from a killed run.
 */
export async function withDirLock<T>(lockDir: string, staleMs: number, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + staleMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > staleMs)
        rmSync(lockDir, { recursive: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockDir}`);
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Copies into `target` the folder at `template`, which `make(folder)` builds once across processes: under a lock,
 * into a side folder renamed into place, so another process never copies half of it.
 */
export async function copyOfFolderMadeOnce(
  template: string,
  target: string,
  make: (folder: string) => Promise<void>,
): Promise<void> {
  if (!existsSync(template))
    await withDirLock(`${template}.lock`, 120_000, async () => {
      if (existsSync(template)) return;
      const building = `${template}.building`;
      rmSync(building, { recursive: true, force: true });
      await make(building);
      renameSync(building, template);
    });
  cpSync(template, target, { recursive: true });
}
