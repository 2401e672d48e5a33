import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  /** The model's delay before its first response (the emulator's default stands in for Gemini's). */
  firstResponseMs?: number;
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
      ...(options.firstResponseMs === undefined
        ? []
        : ['--first-response-ms', String(options.firstResponseMs)]),
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

/** PgBouncer's binary (Debian installs it in /usr/sbin, which a user's PATH may lack), if installed. */
export function pgbouncerBinary(): string | undefined {
  for (const candidate of ['pgbouncer', '/usr/sbin/pgbouncer']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * A PgBouncer on loopback in transaction pooling mode, in front of the PostgreSQL server at `serverUrl`: any of
 * its databases, each through at most `serverPoolSize` server connections however many clients connect (up to
 * 1000). Clients log in as any user without a password; PgBouncer logs in to the server as `serverUrl` says.
 */
export async function startPgBouncer(options: {
  port: number;
  serverUrl: string;
  serverPoolSize: number;
  log?: LogSink;
}): Promise<RunningService & { databaseUrl(database: string): string }> {
  const binary = pgbouncerBinary();
  if (!binary)
    throw new Error('cannot start pgbouncer: not installed (Debian: sudo apt-get install pgbouncer)');
  const server = new URL(options.serverUrl);
  const login = [
    `host=${server.hostname}`,
    `port=${server.port || 5432}`,
    `user=${decodeURIComponent(server.username) || 'postgres'}`,
    ...(server.password ? [`password=${decodeURIComponent(server.password)}`] : []),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-pgbouncer-'));
  const config = join(dir, 'pgbouncer.ini');
  writeFileSync(
    config,
    [
      '[databases]',
      `* = ${login.join(' ')}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${options.port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      `default_pool_size = ${options.serverPoolSize}`,
      'max_client_conn = 1000',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // PgBouncer refuses to run as root: then it runs as nobody, which must be able to read its config.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
    chownSync(dir, nobody, 0);
    chownSync(config, nobody, 0);
  }
  try {
    const service = await startService({
      name: 'pgbouncer',
      // It logs to stderr, and a ready line is looked for on stdout.
      command: 'sh',
      args: ['-c', 'exec "$0" "$@" 2>&1', binary, ...(asRoot ? ['-u', 'nobody'] : []), config],
      env: { PATH: process.env.PATH },
      readyLine: /listening on 127\.0\.0\.1:\d+/,
      log: options.log,
    });
    return {
      ...service,
      databaseUrl: (database) => `postgres://rehearse@127.0.0.1:${options.port}/${database}`,
      async stop() {
        await service.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The agent's production build (apps/agent/dist, plain JavaScript), as `npm run build -w apps/agent` makes it; or,
 * given `entryDir` (holding main.ts and job.ts) and `outDir`, another agent built the same way.
 */
export function buildAgent(options?: { entryDir: string; outDir: string }): void {
  const dirs = options ? ['--entry-dir', options.entryDir, '--out-dir', options.outDir] : [];
  execFileSync(process.execPath, [join(repoRoot, 'apps/agent/build.mjs'), ...dirs], { stdio: 'inherit' });
}

/**
 * The agent worker; ready once its health server says it is connected to LiveKit. `build` runs what production
 * runs (after `buildAgent()`), `source` the TypeScript through tsx (`npm run dev`).
 */
export function startAgentProcess(options: {
  env: Record<string, string | undefined>;
  healthPort: number;
  entry: 'build' | 'source';
  /** With `build`: the directory holding main.js and job.js (default apps/agent/dist), e.g. a copy or another agent's build. */
  buildDir?: string;
  /** The name its log lines are prefixed with. */
  name?: string;
  log?: LogSink;
}): Promise<RunningService> {
  const [command, main] =
    options.entry === 'build'
      ? [process.execPath, join(options.buildDir ?? join(repoRoot, 'apps/agent/dist'), 'main.js')]
      : [nodeBin('tsx'), join(repoRoot, 'apps/agent/src/main.ts')];
  return startService({
    name: options.name ?? 'agent',
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
