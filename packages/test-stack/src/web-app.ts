import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LogSink, nodeBin, repoRoot, startWebProcess, withDirLock } from '@rehearse/local-stack';

export const webDir = join(repoRoot, 'apps/web');
/** Relative to apps/web; inside node_modules so git, biome and a developer's own `.next` never see it. */
export const E2E_DIST_DIR = '../../node_modules/.cache/rehearse-web-e2e';
export const e2eDistPath = join(webDir, E2E_DIST_DIR);
const stampPath = join(e2eDistPath, 'rehearse-e2e-build.json');
const lockDir = `${e2eDistPath}.lock`;

/**
 * Distinctive values given to `next build` as if they were the real secrets, so a test can search the client
 * output for them: any leak of a server variable into the bundle would carry one of these strings.
 */
export const BUILD_CANARIES = {
  LIVEKIT_API_KEY: 'APIcanaryKey7f3e9a21',
  LIVEKIT_API_SECRET: 'canary-livekit-secret-5b8d0c4e2f7a9163',
  GOOGLE_API_KEY: 'AIzaCanaryGoogleKey-0d4f8b2e6a1c9e37',
  DATABASE_URL: 'postgres://canary_user:canary-db-password-91c3@127.0.0.1:5432/canary',
  FIREBASE_SERVICE_ACCOUNT: JSON.stringify({
    type: 'service_account',
    private_key_id: 'canary-private-key-id-4a7e',
    private_key: '-----BEGIN PRIVATE KEY-----\\nCANARYPRIVATEKEYMATERIAL3e1f\\n-----END PRIVATE KEY-----\\n',
    client_email: 'canary@demo-rehearse.iam.gserviceaccount.com',
  }),
} as const;

const PUBLIC_BUILD_ENV = {
  NEXT_PUBLIC_FIREBASE_API_KEY: 'demo-api-key',
  NEXT_PUBLIC_FIREBASE_PROJECT_ID: 'demo-rehearse-e2e',
  NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: 'demo-rehearse-e2e.firebaseapp.com',
};

// Everything whose change can change the build.
const SOURCE_ROOTS = [
  'apps/web/app',
  'apps/web/lib',
  'apps/web/components',
  'apps/web/hooks',
  'apps/web/next.config.ts',
  'apps/web/instrumentation.ts',
  'apps/web/proxy.ts',
  'apps/web/package.json',
  'apps/web/tsconfig.json',
  'packages/api-contract/src',
  'packages/config/src',
  'packages/db/src',
  'packages/interview/src',
  'packages/recordings/src',
];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

function buildIsCurrent(): boolean {
  if (!existsSync(stampPath) || !existsSync(join(e2eDistPath, 'BUILD_ID'))) return false;
  const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { sourcesMtimeMs: number; canaries: unknown };
  const sources = Math.max(...SOURCE_ROOTS.map((root) => newestMtimeMs(join(repoRoot, root))));
  return stamp.sourcesMtimeMs >= sources && JSON.stringify(stamp.canaries) === JSON.stringify(BUILD_CANARIES);
}

/** Runs `next build` (production) into E2E_DIST_DIR unless a build of the current sources is already there. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<string> {
  if (buildIsCurrent()) return e2eDistPath;
  // Parallel test processes build once; no build takes 10 minutes.
  return withDirLock(lockDir, 600_000, async () => {
    if (buildIsCurrent()) return e2eDistPath;
    const sourcesMtimeMs = Math.max(...SOURCE_ROOTS.map((root) => newestMtimeMs(join(repoRoot, root))));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      REHEARSE_NEXT_DIST_DIR: E2E_DIST_DIR,
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      ...BUILD_CANARIES,
      ...PUBLIC_BUILD_ENV,
    };
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(nodeBin('next'), ['build'], {
        cwd: webDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const collect = (chunk: Buffer) => {
        output.push(chunk.toString());
        log(chunk.toString());
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.join('').slice(-4000)}`);
    writeFileSync(
      stampPath,
      JSON.stringify({ sourcesMtimeMs, canaries: BUILD_CANARIES, builtAt: new Date() }),
    );
    return e2eDistPath;
  });
}

/** `next start` on the e2e build with exactly the given environment (plus PATH/HOME). */
export async function startWebApp(options: { port: number; env: Record<string, string>; log?: LogSink }) {
  await ensureWebBuild();
  return startWebProcess({
    port: options.port,
    mode: 'start',
    log: options.log ?? (() => {}),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      // A production build against the local emulators: their settings are what production refuses.
      ALLOW_DEVELOPMENT_SETTINGS: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      REHEARSE_NEXT_DIST_DIR: E2E_DIST_DIR,
      ...options.env,
    },
  });
}
