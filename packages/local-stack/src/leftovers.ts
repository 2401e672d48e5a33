import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface Registry {
  launcherPid: number;
  processGroups: number[];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Records the process groups a launcher started, so that if the launcher itself is killed
 * (SIGKILL, a closed terminal) the next run can stop what it left behind instead of finding
 * its ports taken.
 */
export class ProcessGroupRegistry {
  readonly #groups: number[] = [];

  constructor(private readonly file: string) {}

  /** Kills the process groups of a previous launcher that is no longer running; returns how many. */
  reapLeftovers(): number {
    if (!existsSync(this.file)) return 0;
    const previous = JSON.parse(readFileSync(this.file, 'utf8')) as Registry;
    if (isAlive(previous.launcherPid)) {
      throw new Error(`another dev stack is running (pid ${previous.launcherPid}); stop it first`);
    }
    let reaped = 0;
    for (const group of previous.processGroups) {
      try {
        process.kill(-group, 'SIGKILL');
        reaped++;
      } catch {
        // already gone
      }
    }
    rmSync(this.file, { force: true });
    return reaped;
  }

  add(processGroup: number): void {
    this.#groups.push(processGroup);
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(
      this.file,
      JSON.stringify({ launcherPid: process.pid, processGroups: this.#groups } satisfies Registry),
    );
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
