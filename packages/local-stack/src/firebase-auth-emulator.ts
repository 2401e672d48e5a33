import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmInstallHint } from './components.ts';
import { nodeBin } from './paths.ts';
import { freePort } from './ports.ts';
import { type LogSink, type RunningService, startService } from './service.ts';

export interface AuthEmulatorOptions {
  port: number;
  projectId: string;
  log?: LogSink;
}

/**
 * The Firebase Auth emulator from firebase-tools. Its hub and logging ports are picked free so
 * several stacks (parallel test files) can run at once; CI=true stops the CLI's network look-ups.
 */
export async function startAuthEmulator(
  options: AuthEmulatorOptions,
): Promise<RunningService & { host: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-firebase-'));
  const [hubPort, loggingPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'firebase.json'),
    JSON.stringify({
      emulators: {
        auth: { host: '127.0.0.1', port: options.port },
        hub: { host: '127.0.0.1', port: hubPort },
        logging: { host: '127.0.0.1', port: loggingPort },
        ui: { enabled: false },
        singleProjectMode: true,
      },
    }),
  );
  const host = `127.0.0.1:${options.port}`;
  const service = await startService({
    name: 'auth',
    command: nodeBin('firebase'),
    installHint: npmInstallHint,
    args: [
      'emulators:start',
      '--only',
      'auth',
      '--project',
      options.projectId,
      '--config',
      join(dir, 'firebase.json'),
    ],
    cwd: dir,
    env: { ...process.env, CI: 'true', NO_UPDATE_NOTIFIER: '1', FIREBASE_CLI_DISABLE_UPDATE_CHECK: 'true' },
    readyUrl: `http://${host}/`,
    readyTimeoutMs: 90_000,
    log: options.log,
  });
  return { ...service, host };
}
