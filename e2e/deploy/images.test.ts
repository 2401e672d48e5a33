/**
 * The production images without a container engine: each image's final stage is assembled in a temporary
 * directory exactly as its Dockerfile's COPY lines describe (the agent's production dependencies installed by the
 * Dockerfile's own `npm ci` line, from npm's cache; the build output the suite makes anyway), then the
 * Dockerfile's CMD runs there with its ENV, `PORT` set, the image's unprivileged user (when the test runs as
 * root), and PATH holding only node, against the real local stack. Commands, variables and paths come from the
 * Dockerfiles and the Cloud Run manifests, so a change there is tested here.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { parseScenario, startGeminiLiveEmulator } from '@rehearse/gemini-live-emulator';
import { freePort, type RunningService, repoRoot, startService } from '@rehearse/local-stack';
import { newCandidate, TEST_AGENT_NAME } from '@rehearse/test-stack/agent-stack';
import {
  execForm,
  finalStage,
  healthcheckCommand,
  instructionsOf,
  lastOf,
  readDockerfile,
  type Stage,
  stageEnv,
  stageNamed,
} from '@rehearse/test-stack/dockerfile';
import { type BuiltStage, buildStage, installedPackages, linksLeavingRoot } from '@rehearse/test-stack/image';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { type Stack, startStack } from '@rehearse/test-stack/stack';
import { E2E_DIST_DIR, ensureWebBuild } from '@rehearse/test-stack/web-app';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_RUN_SHUTDOWN_MS, manifestEnv } from '../support/cloud-run-manifest.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/** The `node` user of the official Node images (`USER node`). */
const NODE_IMAGE_USER = { uid: 1000, gid: 1000 };
/** Development tools that must not reach an image, whatever pulls them in. */
const DEVELOPMENT_PACKAGES = [
  'tsx',
  'typescript',
  'esbuild',
  'vitest',
  '@biomejs/biome',
  'firebase-tools',
  'playwright-core',
  'fast-check',
  '@rehearse/local-stack',
  '@rehearse/gemini-live-emulator',
  '@rehearse/speech',
];
const SCENARIO = join(repoRoot, 'e2e/agent/scenarios/one-question.json');

let stack: Stack;
let workDir: string;
const verbose = Boolean(process.env.E2E_VERBOSE);

/** The unprivileged user the image runs as, when this test may switch to it (it runs as root in CI). */
const imageUser = process.getuid?.() === 0 ? NODE_IMAGE_USER : undefined;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  workDir = mkdtempSync(join(tmpdir(), 'rehearse-images-'));
  chmodSync(workDir, 0o755); // the image's user must reach what is assembled inside
  stack = await startStack({ agentName: TEST_AGENT_NAME });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface Image {
  stages: Stage[];
  final: BuiltStage;
  /** Where the image's WORKDIR is on disk: the CMD runs there. */
  cwd: string;
  env: Record<string, string>;
  command: string[];
  healthcheck: string[];
}

function describeImage(stages: Stage[], final: BuiltStage): Image {
  const stage = finalStage(stages);
  const command = execForm(lastOf(stage, 'CMD')?.args ?? '');
  const healthInstruction = lastOf(stage, 'HEALTHCHECK');
  const healthcheck = healthInstruction && healthcheckCommand(healthInstruction);
  if (!command || !healthcheck) throw new Error('the final stage needs an exec-form CMD and HEALTHCHECK');
  return { stages, final, cwd: final.onDisk(final.workdir), env: stageEnv(stage), command, healthcheck };
}

/** `node` in an exec-form command is this test's node (the image's base runs the same major version). */
function commandLine(command: string[]): { command: string; args: string[] } {
  const [program = '', ...args] = command;
  return { command: program === 'node' ? process.execPath : program, args };
}

/** A HOME the image's user owns, and a PATH with only node on it: nothing else from this machine. */
function processBasics(name: string) {
  const home = join(workDir, `${name}-home`);
  mkdirSync(home);
  if (imageUser) chownSync(home, imageUser.uid, imageUser.gid);
  return { HOME: home, PATH: dirname(process.execPath) };
}

function start(name: string, image: Image, env: Record<string, string>, readyUrl: string) {
  const { command, args } = commandLine(image.command);
  const lines: string[] = [];
  return startService({
    name,
    command,
    args,
    cwd: image.cwd,
    env,
    user: imageUser,
    readyUrl,
    readyTimeoutMs: 120_000,
    stopGraceMs: 5_000,
    log: (_service, line) => {
      lines.push(line);
      if (verbose) process.stderr.write(`[${name}] ${line}\n`);
    },
  }).then((service) => ({ ...service, lines }));
}

/** Runs the image's CMD with only its own ENV: a process without its configuration must stop, saying why. */
async function startWithoutConfiguration(image: Image, name: string) {
  const { command, args } = commandLine(image.command);
  // A port of its own, in case it listens before it reads its configuration.
  const port = String(await freePort());
  try {
    const output = execFileSync(command, args, {
      cwd: image.cwd,
      env: { ...image.env, ...processBasics(`${name}-unconfigured`), PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      ...imageUser,
    });
    return { status: 0 as number | null, output: output.toString() };
  } catch (error) {
    const failed = error as { status: number | null; stdout: Buffer; stderr: Buffer };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

function runHealthcheck(image: Image, env: Record<string, string>): number {
  const { command, args } = commandLine(image.healthcheck);
  try {
    execFileSync(command, args, { env, stdio: 'ignore', timeout: 30_000, ...imageUser });
    return 0;
  } catch (error) {
    return (error as { status: number | null }).status ?? -1;
  }
}

/** What Cloud Run does to stop an instance: SIGTERM to PID 1 only, then SIGKILL to everything after 10 s. */
async function stopLikeCloudRun(service: RunningService): Promise<number | string> {
  process.kill(service.pid, 'SIGTERM');
  const killer = setTimeout(() => process.kill(-service.pid, 'SIGKILL'), CLOUD_RUN_SHUTDOWN_MS);
  try {
    return await service.exited;
  } finally {
    clearTimeout(killer);
  }
}

/** Resolution walks up from the image's files: no node_modules above the assembled root may stand in for one inside. */
function nodeModulesAbove(root: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) found.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) return found;
  }
}

describe('the agent image (apps/agent/Dockerfile)', () => {
  let image: Image;

  beforeAll(() => {
    const stages = readDockerfile(join(repoRoot, 'apps/agent/Dockerfile'));
    // The Dockerfile's own install line, run here on the files its COPY lines bring, from npm's cache (the
    // test's network namespace has no registry).
    const deps = buildStage(stageNamed(stages, 'deps'), {
      context: repoRoot,
      root: join(workDir, 'agent-deps'),
      runEnv: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: 'true' },
    });
    // The build stage's output is the suite's: e2e/support/agent-build.ts runs the same build.mjs first.
    const buildLines = instructionsOf(stageNamed(stages, 'build'), 'RUN').map(({ args }) => args);
    expect(buildLines.at(-1)).toBe('npm run build --workspace @rehearse/agent');
    const agentManifest = JSON.parse(readFileSync(join(repoRoot, 'apps/agent/package.json'), 'utf8'));
    expect(agentManifest.scripts.build).toBe('node build.mjs');
    const build = { onDisk: (path: string) => join(repoRoot, posix.relative('/app', path)) };
    const final = buildStage(finalStage(stages), {
      context: repoRoot,
      root: join(workDir, 'agent'),
      stages: { deps, build },
    });
    image = describeImage(stages, final);
  });

  it('holds the build and the production dependencies only: no development tool, nothing pointing outside', () => {
    const nodeModules = image.final.onDisk('/app/node_modules');
    const installed = installedPackages(nodeModules);
    expect(installed).toEqual(
      expect.arrayContaining(['@livekit/agents', '@livekit/agents-plugin-google', '@livekit/rtc-node', 'pg']),
    );
    expect(installed.filter((name) => DEVELOPMENT_PACKAGES.includes(name))).toEqual([]);
    expect(installed.filter((name) => name.startsWith('@rehearse/'))).toEqual([]);
    expect(existsSync(join(image.cwd, 'dist/main.js')) && existsSync(join(image.cwd, 'dist/job.js'))).toBe(
      true,
    );
    expect(existsSync(join(image.cwd, 'src'))).toBe(false);
    expect(linksLeavingRoot(image.final.root)).toEqual([]);
    expect(nodeModulesAbove(image.final.root)).toEqual([]);
  });

  it('refuses to start without its configuration, one line per problem', async () => {
    const { status, output } = await startWithoutConfiguration(image, 'agent');
    expect(status).toBe(78);
    expect(output).toContain('config error (agent): LIVEKIT_URL');
  });

  it("registers with LiveKit, answers health on $PORT, runs an interview, and on SIGTERM drains and exits within Cloud Run's 10 s", async () => {
    const emulator = await startGeminiLiveEmulator({
      port: 0,
      scenario: parseScenario(JSON.parse(readFileSync(SCENARIO, 'utf8'))),
      logger: pino({ level: 'silent' }),
    });
    const port = await freePort();
    const env = {
      ...image.env,
      // The manifest's settings (drain timeout, job counts), then what only this stack can say.
      ...manifestEnv('deploy/cloudrun/agent.yaml'),
      ...processBasics('agent'),
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      LIVEKIT_URL: stack.livekit.url,
      LIVEKIT_API_KEY: TEST_API_KEY,
      LIVEKIT_API_SECRET: TEST_API_SECRET,
      AGENT_NAME: TEST_AGENT_NAME,
      DATABASE_URL: stack.databaseUrl,
      GOOGLE_API_KEY: 'e2e-key',
      GEMINI_LIVE_BASE_URL: emulator.baseUrl,
      // The emulator's plain http:// URL is a development setting, which a production process refuses.
      ALLOW_DEVELOPMENT_SETTINGS: 'true',
      INTERVIEW_QUESTION_COUNT: '1',
    };
    const agent = await start('agent-image', image, env, `http://127.0.0.1:${port}/`);
    try {
      await until(
        'the worker to log its registration with LiveKit',
        async () => agent.lines.some((line) => line.includes('"msg":"registered worker"')),
        Boolean,
      );
      const worker = (await (await fetch(`http://127.0.0.1:${port}/worker`)).json()) as {
        agent_name: string;
      };
      expect(worker.agent_name).toBe(TEST_AGENT_NAME);
      expect(runHealthcheck(image, env)).toBe(0);

      const candidate = await newCandidate(stack, 'Barbara Liskov');
      const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
      await user.publishMicrophone();
      await user.waitForAgentTurns(1); // the job process, forked from the image's files, greeted her
      expect((await stack.db.interviews.get(candidate.sessionId))?.agentLeaseHolder).toMatch(/^agent-/);

      const exit = await stopLikeCloudRun(agent);
      expect(
        exit,
        `exit code (143: a handled SIGTERM; SIGKILL: the drain outlasted Cloud Run’s 10 s); its last lines:\n${agent.lines.slice(-12).join('\n')}`,
      ).toBe(143);
      const interview = await stack.db.interviews.get(candidate.sessionId);
      expect(interview?.agentLeaseHolder).toBeNull();
      await until(
        'Noah to have left the room',
        async () => user.agents().length,
        (count) => count === 0,
      );
      await user.leave();
    } finally {
      await agent.stop();
      await emulator.close();
    }
  });
});

describe('the web image (apps/web/Dockerfile)', () => {
  let image: Image;

  beforeAll(async () => {
    const stages = readDockerfile(join(repoRoot, 'apps/web/Dockerfile'));
    const buildLines = instructionsOf(stageNamed(stages, 'build'), 'RUN').map(({ args }) => args);
    expect(buildLines.at(-1)).toBe('npm run build --workspace @rehearse/web');
    // The suite's production build of the web app (standalone output, like the image's), made once per run. It
    // lives in E2E_DIST_DIR instead of apps/web/.next: that one directory is mapped, on both sides of each COPY.
    const distDir = await ensureWebBuild();
    const imageDistDir = '/app/apps/web/.next';
    const build = {
      onDisk: (path: string) =>
        path.startsWith(`${imageDistDir}/`)
          ? join(distDir, posix.relative(imageDistDir, path))
          : join(repoRoot, posix.relative('/app', path)),
    };
    const builtDistDir = posix.join('/app/apps/web', E2E_DIST_DIR);
    const final = buildStage(finalStage(stages), {
      context: repoRoot,
      root: join(workDir, 'web'),
      stages: { build },
      placeDestination: (path) =>
        path.startsWith(`${imageDistDir}/`)
          ? posix.join(builtDistDir, posix.relative(imageDistDir, path))
          : path,
    });
    image = describeImage(stages, final);
  });

  it("holds Next's standalone server with only the packages it traced: no development tool, nothing pointing outside", () => {
    expect(image.command).toEqual(['node', 'apps/web/server.js']);
    expect(existsSync(join(image.cwd, image.command[1] ?? ''))).toBe(true);
    const installed = installedPackages(image.final.onDisk('/app/node_modules'));
    expect(installed).toEqual(
      expect.arrayContaining(['next', 'react', 'pg', 'firebase-admin', 'livekit-server-sdk']),
    );
    expect(installed.filter((name) => DEVELOPMENT_PACKAGES.includes(name))).toEqual([]);
    expect(existsSync(image.final.onDisk('/app/apps/web/app'))).toBe(false); // no sources
    expect(linksLeavingRoot(image.final.root)).toEqual([]);
    expect(nodeModulesAbove(image.final.root)).toEqual([]);
  });

  it('refuses to start without its configuration, one line per problem', async () => {
    const { status, output } = await startWithoutConfiguration(image, 'web');
    expect(status).toBe(78);
    expect(output).toContain('config error (web): LIVEKIT_URL');
  });

  it('serves health, pages and their static assets on $PORT in production mode, and on SIGTERM exits within 10 s', async () => {
    const port = await freePort();
    const projectId = 'rehearse-image-check';
    const env = {
      ...image.env,
      ...manifestEnv('deploy/cloudrun/web.yaml'),
      ...processBasics('web'),
      PORT: String(port),
      LIVEKIT_URL: stack.livekit.url,
      LIVEKIT_API_KEY: TEST_API_KEY,
      LIVEKIT_API_SECRET: TEST_API_SECRET,
      DATABASE_URL: stack.databaseUrl,
      // A production configuration (no emulator, no demo project): the server's production check passes as is.
      FIREBASE_PROJECT_ID: projectId,
      NEXT_PUBLIC_FIREBASE_API_KEY: 'image-check-web-api-key',
      NEXT_PUBLIC_FIREBASE_PROJECT_ID: projectId,
      NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: `${projectId}.firebaseapp.com`,
    };
    const web = await start('web-image', image, env, `http://127.0.0.1:${port}/api/health`);
    try {
      const url = `http://127.0.0.1:${port}`;
      const get = (path: string) => fetch(`${url}${path}`, { signal: AbortSignal.timeout(30_000) });
      expect(await (await get('/api/health')).json()).toEqual({ ok: true });
      // One query through the image's own pg and migrations: the standalone trace kept what the server needs.
      expect(await (await get('/api/health?deep=1')).json()).toEqual({ ok: true, database: 'ok' });
      expect(runHealthcheck(image, env)).toBe(0);

      const page = await get('/sign-in');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain('nonce-');
      const html = await page.text();
      const assets = [...html.matchAll(/\/_next\/static\/[^"'\s]+\.js/g)].map((match) => match[0]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of new Set(assets)) expect((await get(asset)).status, asset).toBe(200);

      expect(await stopLikeCloudRun(web)).toBe(143); // Next's handled SIGTERM: requests finished, then exit
    } finally {
      await web.stop();
    }
  });
});
