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
  env?: NodeJS.ProcessEnv;
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

/** The agent worker; ready once its health server says it is connected to LiveKit. */
export function startAgentProcess(options: {
  env: NodeJS.ProcessEnv;
  healthPort: number;
  mode?: 'start' | 'dev';
  log?: LogSink;
}): Promise<RunningService> {
  return startService({
    name: 'agent',
    command: nodeBin('tsx'),
    installHint: npmInstallHint,
    args: [join(repoRoot, 'apps/agent/src/main.ts'), options.mode ?? 'start'],
    env: options.env,
    readyUrl: `http://127.0.0.1:${options.healthPort}/`,
    readyTimeoutMs: 90_000,
    stopGraceMs: 15_000,
    log: options.log,
  });
}

/** The Next.js app: `next dev` for development, `next start` on a production build for tests. */
export function startWebProcess(options: {
  env: NodeJS.ProcessEnv;
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
