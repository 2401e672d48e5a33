import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type StartedChild, signalProcessGroup, spawnChecked } from './child-process.ts';
import { waitForHttp } from './wait.ts';

export type LogSink = (service: string, line: string, stream: 'stdout' | 'stderr') => void;

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** How to get `command` when it is missing, e.g. "run npm install". */
  installHint?: string;
  /** Ready when stdout prints a line matching this (its first capture group is kept as `readyValue`)… */
  readyLine?: RegExp;
  /** …or when this URL answers 200. */
  readyUrl?: string;
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  /** Run as this user (needs root), e.g. an image's unprivileged USER. */
  user?: { uid: number; gid: number };
  log?: LogSink;
}

export interface RunningService {
  name: string;
  pid: number;
  readyValue: string | undefined;
  /** Resolves with the exit code (or signal name) when the process ends for any reason. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const defaultLog: LogSink = (service, line) => process.stderr.write(`[${service}] ${line}\n`);

/**
 * Starts a child process in its own process group (so stopping it also stops everything it
 * spawned: no orphans), forwards its output line by line with a prefix, and resolves once it is ready.
 * A command that cannot start rejects with one line naming it, before anything else happens.
 */
const LAST_LINES_KEPT = 20;

export async function startService(spec: ServiceSpec): Promise<RunningService> {
  const log = spec.log ?? defaultLog;
  const child = await spawnChecked(spec.name, spec.command, spec.args, {
    cwd: spec.cwd,
    // Next.js's global types (when a web test imports this) make NODE_ENV a required ProcessEnv key.
    env: (spec.env ?? process.env) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    installHint: spec.installHint,
    ...spec.user,
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  // After a successful spawn, 'error' only reports a failed signal or message; the exit still comes.
  child.on('error', (error) => log(spec.name, `process error: ${error.message}`, 'stderr'));

  let resolveLine: ((value: string) => void) | undefined;
  const lineSeen = new Promise<string>((resolve) => {
    resolveLine = resolve;
  });
  // The last lines it printed, so a start that fails says why.
  const lastLines: string[] = [];
  const keepLine: LogSink = (name, line, stream) => {
    lastLines.push(line);
    if (lastLines.length > LAST_LINES_KEPT) lastLines.shift();
    log(name, line, stream);
  };
  forwardLines(child, spec.name, keepLine, (line) => {
    const match = spec.readyLine?.exec(line);
    if (match) resolveLine?.(match[1] ?? line);
  });

  const stop = () => stopProcessGroup(child, exited, spec.stopGraceMs ?? 10_000);
  const timeoutMs = spec.readyTimeoutMs ?? 60_000;
  const ready = spec.readyLine
    ? lineSeen
    : spec.readyUrl
      ? waitForHttp(spec.readyUrl, { timeoutMs }).then(() => undefined)
      : Promise.resolve(undefined);
  const failure = exited.then((code) => {
    throw new Error(
      `${spec.name} exited before it was ready (exit ${code}); its last lines:\n${lastLines.join('\n')}`,
    );
  });
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.name} was not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    exited.finally(() => clearTimeout(timer));
    ready.finally(() => clearTimeout(timer));
  });
  try {
    const readyValue = await Promise.race([ready, failure, timeout]);
    return { name: spec.name, pid: child.pid, readyValue, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function forwardLines(child: ChildProcess, name: string, log: LogSink, onStdoutLine: (line: string) => void) {
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      onStdoutLine(line);
      log(name, line, 'stdout');
    });
  }
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => log(name, line, 'stderr'));
  }
}

async function stopProcessGroup(
  child: StartedChild,
  exited: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    signalProcessGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => signalProcessGroup(child.pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  signalProcessGroup(child.pid, 'SIGKILL'); // the leader is gone; make sure its children are too
  await groupGone(child.pid, GROUP_EXIT_WAIT_MS);
}

/** A SIGKILLed process lingers until it is reaped: "stopped" means the group has no member left. */
const GROUP_EXIT_WAIT_MS = 3_000;

async function groupGone(groupId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-groupId, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
