/**
 * `npm run dev`: the whole local stack, in order, each step waiting for the previous one to be
 * ready: database → livekit-server → Firebase Auth emulator → Gemini Live emulator → agent → web.
 * Ctrl-C (or any process dying) stops everything in reverse order, process groups included.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigOrExit, readEnvFile, scriptsSchema } from '@rehearse/config';
import {
  dataDir,
  ProcessGroupRegistry,
  prefixedLog,
  type RunningService,
  repoRoot,
  startAgentProcess,
  startAuthEmulator,
  startEmbeddedDatabaseProcess,
  startGeminiEmulatorProcess,
  startLivekitServer,
  startWebProcess,
} from '@rehearse/local-stack';

// A closed terminal or pipe must not crash the launcher before it has stopped its children.
process.stdout.on('error', () => {});
const log = prefixedLog();
const say = (line: string) => log('dev', line, 'stdout');
const startedAt = Date.now();

// Defaults from .env.example, then the developer's .env, then the real environment (which always wins).
// The stack runs offline: Next.js sends no telemetry.
const envFile = join(repoRoot, '.env');
const env: NodeJS.ProcessEnv = {
  NEXT_TELEMETRY_DISABLED: '1',
  ...readEnvFile(join(repoRoot, '.env.example')),
  ...(existsSync(envFile) ? readEnvFile(envFile) : {}),
  ...process.env,
};
const config = parseConfigOrExit(scriptsSchema, 'dev stack', env);

const running: RunningService[] = [];
let stopping = false;
const registry = new ProcessGroupRegistry(join(dataDir, 'dev-stack.json'));
try {
  const reaped = registry.reapLeftovers();
  if (reaped > 0) say(`stopped ${reaped} processes left behind by a previous run`);
} catch (error) {
  say((error as Error).message);
  process.exit(1);
}

async function stopAll(reason: string, exitCode: number): Promise<void> {
  // npm, the shell and the terminal may each deliver the same Ctrl-C: only the first one stops things.
  if (stopping) return;
  stopping = true;
  say(`${reason} — stopping ${running.map((service) => service.name).join(', ') || 'nothing'}`);
  for (const service of [...running].reverse()) {
    await service.stop();
    say(`${service.name} stopped`);
  }
  registry.clear();
  say(`all stopped after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

async function step<T extends RunningService>(label: string, start: () => Promise<T>): Promise<T> {
  const began = Date.now();
  say(`starting ${label}…`);
  try {
    const service = await start();
    running.push(service);
    registry.add(service.pid);
    say(`${label} ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    // A process that dies later takes the stack down with a clear reason rather than half-working.
    void service.exited.then((code) => {
      if (!stopping) void stopAll(`${service.name} exited unexpectedly (exit ${code})`, 1);
    });
    return service;
  } catch (error) {
    await stopAll(`${label} failed to start: ${(error as Error).message}`, 1);
    throw error;
  }
}

process.on('SIGINT', () => void stopAll('Ctrl-C', 0));
process.on('SIGTERM', () => void stopAll('SIGTERM', 0));
process.on('SIGHUP', () => void stopAll('terminal closed', 0));
process.on('uncaughtException', (error) => void stopAll(`launcher error: ${error.message}`, 1));

if (!config.DATABASE_URL) {
  const db = await step('embedded database (PGlite)', () =>
    startEmbeddedDatabaseProcess({ dataDir: join(dataDir, 'pglite'), port: config.EMBEDDED_DB_PORT, log }),
  );
  env.DATABASE_URL = db.readyValue;
} else {
  say('using DATABASE_URL (no embedded database)');
}

const livekitPort = Number(new URL(config.LIVEKIT_URL.replace(/^ws/, 'http')).port || 7880);
await step('livekit-server', () =>
  startLivekitServer({
    ports: { signal: livekitPort, iceTcp: livekitPort + 1, iceUdp: livekitPort + 2 },
    apiKey: config.LIVEKIT_API_KEY,
    apiSecret: config.LIVEKIT_API_SECRET,
    webhookUrl: `http://127.0.0.1:${config.WEB_PORT}/api/livekit/webhook`,
    log,
  }),
);

const auth = await step('Firebase Auth emulator', () =>
  startAuthEmulator({ port: config.FIREBASE_AUTH_EMULATOR_PORT, projectId: config.FIREBASE_PROJECT_ID, log }),
);
env.FIREBASE_AUTH_EMULATOR_HOST = auth.host;
env.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL = `http://${auth.host}`;

const realGemini = Boolean(config.GOOGLE_API_KEY) || config.GOOGLE_GENAI_USE_VERTEXAI === 'true';
if (realGemini) {
  say('Gemini credentials set: the agent talks to the real Gemini Live');
} else {
  await step('Gemini Live emulator', () =>
    startGeminiEmulatorProcess({ port: config.GEMINI_EMULATOR_PORT, log }),
  );
  env.GEMINI_LIVE_BASE_URL = `http://127.0.0.1:${config.GEMINI_EMULATOR_PORT}`;
  env.GOOGLE_API_KEY = 'local-emulator-key';
}

await step('agent worker', () => startAgentProcess({ env, healthPort: config.PORT, entry: 'source', log }));
const web = await step('web app', () => startWebProcess({ env, port: config.WEB_PORT, mode: 'dev', log }));

say(
  `stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — open ${web.url} (Ctrl-C stops everything)`,
);
