import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isSingleProcessPid, signalProcessGroup } from './child-process.ts';

interface Registry {
  launcherPid: number;
  processGroups: number[];
}

function isAlive(pid: number): boolean {
  if (!isSingleProcessPid(pid)) return false;
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
    // The file is data: a group number that is not a real pid (0 would be our own group) is skipped.
    const reaped = previous.processGroups.filter((group) => signalProcessGroup(group, 'SIGKILL')).length;
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
