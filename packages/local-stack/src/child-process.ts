import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/**
 * Starting and signalling child processes without ever hurting our own. Node's `child.kill()` on a child whose
 * spawn failed, before its 'error' event, signals pid 0: our whole process group. And `process.kill(-pid)`
 * with a pid of 0 or 1 signals our group or every process we may signal.
 */

export type StartedChild = ChildProcess & { pid: number };

/**
 * Spawns `command` and resolves once it is running. A program that cannot start rejects with one line naming
 * it (plus `installHint`, e.g. "run npm install") and leaves no child to signal.
 */
export async function spawnChecked(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { installHint?: string } = {},
): Promise<StartedChild> {
  const { installHint, ...spawnOptions } = options;
  const child = spawn(command, args, spawnOptions);
  try {
    await once(child, 'spawn'); // rejects with the spawn error when 'error' comes first
  } catch (error) {
    const reason = whyNotStarted(command, spawnOptions.cwd, error as NodeJS.ErrnoException);
    throw new Error(`cannot start ${name}: ${reason}${installHint ? ` (${installHint})` : ''}`, {
      cause: error,
    });
  }
  return child as StartedChild;
}

function whyNotStarted(command: string, cwd: SpawnOptions['cwd'], error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    if (cwd !== undefined && !existsSync(cwd)) return `its working directory ${String(cwd)} does not exist`;
    return isAbsolute(command) ? `${command} not found` : `${command} not found on PATH`;
  }
  if (error.code === 'EACCES') return `${command} is not executable`;
  return error.message;
}

/** A pid naming one process other than init: not undefined (never spawned), 0 (our group) or ≤ 1 (init, or all). */
export function isSingleProcessPid(pid: number | undefined): pid is number {
  return pid !== undefined && Number.isInteger(pid) && pid > 1;
}

/** Signals `child` if it is running; a child that never started, or has exited, is left alone. */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (!isSingleProcessPid(child.pid) || child.exitCode !== null || child.signalCode !== null) return false;
  return child.kill(signal);
}

/** Signals the process group led by `leaderPid`; false when there is no such group (or no valid pid). */
export function signalProcessGroup(leaderPid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!isSingleProcessPid(leaderPid)) return false;
  try {
    process.kill(-leaderPid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}
