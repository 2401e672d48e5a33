import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { nodeBin, repoRoot } from './paths.ts';
import { type LogSink, type RunningService, startService } from './service.ts';

/** The processes of the local stack beside livekit-server and the Auth emulator, started the same way everywhere. */

/** What to do when a program from node_modules/.bin is missing. */
export const npmInstallHint = 'run npm install';

export function startEmbeddedDatabaseProcess(options: { dataDir: string; port: number; log?: LogSink }) {
  return startService({
    name: 'db',
    command: nodeBin('tsx'),
    installHint: npmInstallHint,
    args: [
      join(repoRoot, 'packages/db/src/embedded-server-main.ts'),
      '--data-dir',
      options.dataDir,
      '--port',
      String(options.port),
    ],
    readyLine: /^ready (postgres:\/\/\S+)$/,
    // PGlite flushes on stop; give it time so no data is lost.
    stopGraceMs: 20_000,
    log: options.log,
  });
}

export function startGeminiEmulatorProcess(options: {
  port: number;
  scenario?: string;
  log?: LogSink;
  env?: Record<string, string | undefined>;
}) {
  return startService({
    name: 'gemini',
    command: nodeBin('tsx'),
    installHint: npmInstallHint,
    args: [
      join(repoRoot, 'packages/gemini-live-emulator/src/cli.ts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      ...(options.scenario ? ['--scenario', options.scenario] : []),
    ],
    env: options.env,
    readyLine: /^ready (ws:\/\/\S+)$/,
    log: options.log,
  });
}

/** Whether redis-server is on PATH (a laptop may not have it; CI does). */
export function redisServerInstalled(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A real Redis (Debian's redis-server, on PATH) on loopback, keeping nothing on disk: the store the web
 * instances share their rate limits in. `npm run dev` does not need it (one instance counts in memory).
 */
export function startRedisServer(options: { port: number; log?: LogSink }) {
  return startService({
    name: 'redis',
    command: 'redis-server',
    installHint: 'Debian: sudo apt-get install redis-server · macOS: brew install redis',
    args: ['--port', String(options.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    readyLine: /Ready to accept connections/,
    log: options.log,
  }).then((service) => ({ ...service, url: `redis://127.0.0.1:${options.port}` }));
}

/** The agent's production build (apps/agent/dist, plain JavaScript), as `npm run build -w apps/agent` makes it. */
export function buildAgent(): void {
  execFileSync(process.execPath, [join(repoRoot, 'apps/agent/build.mjs')], { stdio: 'inherit' });
}

/**
 * The agent worker; ready once its health server says it is connected to LiveKit. `build` runs what production
 * runs (after `buildAgent()`), `source` the TypeScript through tsx (`npm run dev`).
 */
export function startAgentProcess(options: {
  env: Record<string, string | undefined>;
  healthPort: number;
  entry: 'build' | 'source';
  log?: LogSink;
}): Promise<RunningService> {
  const [command, main] =
    options.entry === 'build'
      ? [process.execPath, join(repoRoot, 'apps/agent/dist/main.js')]
      : [nodeBin('tsx'), join(repoRoot, 'apps/agent/src/main.ts')];
  return startService({
    name: 'agent',
    command,
    installHint: npmInstallHint,
    args: [main, 'start'],
    env: options.env,
    readyUrl: `http://127.0.0.1:${options.healthPort}/`,
    readyTimeoutMs: 90_000,
    stopGraceMs: 15_000,
    log: options.log,
  });
}

/** The Next.js app: `next dev` for development, `next start` on a production build for tests. */
export function startWebProcess(options: {
  env: Record<string, string | undefined>;
  port: number;
  mode: 'dev' | 'start';
  log?: LogSink;
}): Promise<RunningService & { url: string }> {
  const url = `http://127.0.0.1:${options.port}`;
  return startService({
    name: 'web',
    command: nodeBin('next'),
    installHint: npmInstallHint,
    args: [options.mode, '--hostname', '127.0.0.1', '--port', String(options.port)],
    cwd: join(repoRoot, 'apps/web'),
    env: options.env,
    readyUrl: `${url}/api/health`,
    readyTimeoutMs: 180_000,
    log: options.log,
  }).then((service) => ({ ...service, url }));
}
