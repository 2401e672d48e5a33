import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '@rehearse/db';
import type { GeminiLiveEmulator, GeminiLiveEmulatorOptions } from '@rehearse/gemini-live-emulator';
import { freePort, type RunningService, startEmbeddedDatabaseProcess } from '@rehearse/local-stack';
import { closeAllRooms, startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';
import { authEmulator, E2E_FIREBASE_PROJECT } from './shared-auth-emulator.ts';
import { startTestAgent, type TestAgent } from './test-agent.ts';
import { startWebApp } from './web-app.ts';

export const FULL_STACK_AGENT_NAME = 'noah-full-stack-e2e';

export interface FullStackOptions {
  /** Gemini Live emulator scenario (JSON file). */
  scenarioFile: string;
  /** Extra or changed agent variables (e.g. INTERVIEW_QUESTION_COUNT). */
  agentEnv?: Record<string, string>;
  /** Emulator options beside the scenario (latency, faults). */
  emulator?: Partial<GeminiLiveEmulatorOptions>;
}

export interface FullStack {
  /** The web app (production build under `next start`). */
  webUrl: string;
  /** host:port of the Firebase Auth emulator. */
  authEmulatorHost: string;
  /** The database the web app and the agent share, for assertions. */
  db: Database;
  /** The running agent's Gemini Live emulator (a new one after `startAgent()`). */
  emulator: GeminiLiveEmulator;
  livekit: Awaited<ReturnType<typeof startTestLivekit>>;
  /** Every line the running agent worker printed. */
  agentLog: string[];
  /** Every line the web app printed. */
  webLog: string[];
  /** Stops the agent worker (and its emulator), so dispatched jobs find no worker. */
  stopAgent(): Promise<void>;
  /** SIGKILLs the agent worker and its job processes at once (a crashed machine), then drops its emulator. */
  killAgent(): Promise<void>;
  /** Starts the agent worker again after `stopAgent()`, with the same options and a fresh emulator. */
  startAgent(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything a candidate's browser talks to, wired as in production: embedded database, Firebase Auth emulator,
 * livekit-server posting webhooks to the web app, the web app, the Gemini Live emulator and the agent worker.
 * The web app and the agent share the LiveKit keys, DATABASE_URL and AGENT_NAME.
 */
export async function startFullStack(options: FullStackOptions): Promise<FullStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-full-db-'));
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const verbose = (name: string) => (_service: string, line: string) => {
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
    };
    const dbProcess: RunningService = await startEmbeddedDatabaseProcess({
      dataDir,
      port: await freePort(),
      log: verbose('db'),
    });
    started.push(dbProcess);
    const databaseUrl = dbProcess.readyValue;
    if (!databaseUrl) throw new Error('embedded database printed no URL');

    const auth = await authEmulator();
    started.push(auth);

    const webPort = await freePort();
    const livekit = await startTestLivekit({ webhookUrl: `http://127.0.0.1:${webPort}/api/livekit/webhook` });
    started.push(livekit);

    const webLog: string[] = [];
    const web = await startWebApp({
      port: webPort,
      log: (service, line) => {
        webLog.push(line);
        verbose('web')(service, line);
      },
      env: {
        LIVEKIT_URL: livekit.url,
        LIVEKIT_PUBLIC_URL: livekit.url,
        LIVEKIT_API_KEY: TEST_API_KEY,
        LIVEKIT_API_SECRET: TEST_API_SECRET,
        AGENT_NAME: FULL_STACK_AGENT_NAME,
        DATABASE_URL: databaseUrl,
        FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
        FIREBASE_AUTH_EMULATOR_HOST: auth.host,
        // Read by the page at request time (lib/server/web-client-config.ts), so the one e2e build fits any port.
        NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL: `http://${auth.host}`,
        NEXT_PUBLIC_FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
        LOG_LEVEL: 'info',
        // Every test client is 127.0.0.1: the per-address limit is for tests that are about it.
        START_INTERVIEW_IP_RATE_LIMIT: '10000',
      },
    });
    started.push(web);

    const startAgent = () =>
      startTestAgent({
        livekitUrl: livekit.url,
        databaseUrl,
        agentName: FULL_STACK_AGENT_NAME,
        scenarioFile: options.scenarioFile,
        emulator: options.emulator,
        agentEnv: { DB_TIMEOUT_MS: '3000', ...options.agentEnv },
      });
    let agent: TestAgent | undefined = await startAgent();
    started.push({ stop: async () => agent?.stop() });
    // Stopped before the agent: with its rooms gone the jobs end now instead of draining until SIGKILL.
    started.push({ stop: () => closeAllRooms(livekit) });

    const db = createDatabase({ url: databaseUrl, queryTimeoutMs: 5_000 });
    started.push({ stop: () => db.close() });

    return {
      webUrl: web.url,
      authEmulatorHost: auth.host,
      db,
      get emulator() {
        if (!agent) throw new Error('the agent is stopped');
        return agent.emulator;
      },
      livekit,
      get agentLog() {
        return agent?.agentLog ?? [];
      },
      webLog,
      async stopAgent() {
        await agent?.stop();
        agent = undefined;
      },
      async killAgent() {
        if (!agent) throw new Error('the agent is stopped');
        // The worker leads its own process group (startService spawns it detached), its jobs included.
        process.kill(-agent.agent.pid, 'SIGKILL');
        await agent.agent.exited;
        await agent.stop();
        agent = undefined;
      },
      async startAgent() {
        if (agent) throw new Error('the agent is already running');
        agent = await startAgent();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
