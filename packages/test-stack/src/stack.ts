import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrate } from '@rehearse/db';
import {
  freePort,
  type LogSink,
  type RunningService,
  startEmbeddedDatabaseProcess,
  startRedisServer,
} from '@rehearse/local-stack';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { closeAllRooms, startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';
import { authEmulator, E2E_FIREBASE_PROJECT } from './shared-auth-emulator.ts';
import { startTestAgent, type TestAgent, type TestAgentOptions } from './test-agent.ts';
import { startWebApp } from './web-app.ts';

export interface StackOptions {
  /** The agent name the web app dispatches and the agent worker registers under. */
  agentName: string;
  /** The web app (`next start` of the e2e build), the Firebase Auth emulator, and webhooks from livekit-server. */
  web?: { env?: Record<string, string> };
  /** A real redis-server of its own, as the web app's REDIS_URL: every web instance shares its limits. */
  redis?: boolean;
  /** The agent worker (production build by default) and its Gemini Live emulator. */
  agent?: Omit<TestAgentOptions, 'livekitUrl' | 'databaseUrl' | 'agentName'>;
}

export interface WebInstance {
  url: string;
  /** The `next start` process (leader of its own process group). */
  pid: number;
  /** Every stdout/stderr line of this `next start` (pino JSON). */
  logs: string[];
  stop(): Promise<void>;
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * The whole local stack for tests and benchmarks, each part the real local form of a production service: the
 * embedded PGlite database (its own process, migrated), livekit-server, and as asked the Firebase Auth emulator
 * with the web app, a redis-server, and the agent worker with its Gemini Live emulator. The web app and the agent
 * share the LiveKit keys, DATABASE_URL and the agent name. A part the stack was not asked for throws when read.
 */
export async function startStack(options: StackOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-stack-db-'));
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stopAll = async () => {
    // Every part is stopped even if one fails, so no process outlives the stack.
    for (const service of started.reverse()) await service.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const dbPort = await freePort();
    const startDatabase = () =>
      startEmbeddedDatabaseProcess({ dataDir, port: dbPort, log: verboseLog('db') });
    let dbProcess: RunningService | undefined = await startDatabase();
    started.push({ stop: async () => dbProcess?.stop() });
    const databaseUrl = dbProcess.readyValue;
    if (!databaseUrl) throw new Error('embedded database printed no URL');

    const auth = options.web ? await authEmulator() : undefined;
    if (auth) started.push(auth);
    const webPort = options.web ? await freePort() : undefined;
    const livekit = await startTestLivekit({
      webhookUrl: webPort ? `http://127.0.0.1:${webPort}/api/livekit/webhook` : undefined,
    });
    started.push(livekit);
    const redis = options.redis
      ? await startRedisServer({ port: await freePort(), log: () => {} })
      : undefined;
    if (redis) started.push(redis);

    const db = createDatabase({ url: databaseUrl, queryTimeoutMs: 5_000 });
    started.push({ stop: () => db.close() });
    await migrate(db.pool); // safe beside the web app and the agent doing the same

    const webEnv: Record<string, string> = {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_PUBLIC_URL: livekit.url,
      LIVEKIT_API_KEY: TEST_API_KEY,
      LIVEKIT_API_SECRET: TEST_API_SECRET,
      AGENT_NAME: options.agentName,
      DATABASE_URL: databaseUrl,
      FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
      FIREBASE_AUTH_EMULATOR_HOST: auth?.host ?? '',
      // Read by the page at request time (lib/server/web-client-config.ts), so the one e2e build fits any port.
      NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL: auth ? `http://${auth.host}` : '',
      NEXT_PUBLIC_FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
      LOG_LEVEL: 'info',
      // Every test client is 127.0.0.1: the per-address limit is for tests that are about it.
      START_INTERVIEW_IP_RATE_LIMIT: '10000',
      ...(redis ? { REDIS_URL: redis.url } : {}),
      ...options.web?.env,
    };
    const startWeb = async (port: number, env: Record<string, string> = {}): Promise<WebInstance> => {
      const logs: string[] = [];
      // An empty string removes a variable (e.g. FIREBASE_AUTH_EMULATOR_HOST for the production verifier).
      const merged = Object.fromEntries(
        Object.entries({ ...webEnv, ...env }).filter(([, value]) => value !== ''),
      );
      const web = await startWebApp({
        port,
        env: merged,
        log: (service, line, stream) => {
          logs.push(line);
          verboseLog('web')(service, line, stream);
        },
      });
      started.push(web);
      return { url: web.url, pid: web.pid, logs, stop: web.stop };
    };
    const web = webPort ? await startWeb(webPort) : undefined;

    const agentOptions = options.agent;
    const startAgent = () =>
      agentOptions
        ? startTestAgent({
            ...agentOptions,
            livekitUrl: livekit.url,
            databaseUrl,
            agentName: options.agentName,
          })
        : undefined;
    let agent: TestAgent | undefined = await startAgent();
    started.push({ stop: async () => agent?.stop() });
    // Stopped before the agent: with their rooms gone the jobs end now instead of draining until SIGKILL.
    started.push({ stop: () => closeAllRooms(livekit) });

    const runningAgent = () => {
      if (!agent) throw new Error(agentOptions ? 'the agent is stopped' : 'this stack has no agent');
      return agent;
    };
    const required = <T>(part: T | undefined, name: string): T => {
      if (part === undefined) throw new Error(`this stack has no ${name}`);
      return part;
    };
    return {
      /** A client of the stack's database, for arranging and asserting. */
      db,
      databaseUrl,
      livekit,
      rooms: new RoomServiceClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      dispatches: new AgentDispatchClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      redis,
      get web(): WebInstance {
        return required(web, 'web app');
      },
      get auth(): { host: string } {
        return required(auth, 'Auth emulator');
      },
      /** Another `next start` of the same build sharing this stack, with some variables changed ('' unsets). */
      startExtraWeb: async (env: Record<string, string>) => startWeb(await freePort(), env),
      /** The agent worker's process (leader of its process group: its job processes are in it). */
      get agent(): RunningService {
        return runningAgent().agent;
      },
      /** The running agent's Gemini Live emulator (a new one after `startAgent()`). */
      get emulator() {
        return runningAgent().emulator;
      },
      /** Every line the running agent worker printed. */
      get agentLog(): string[] {
        return agent?.agentLog ?? [];
      },
      get healthPort() {
        return runningAgent().healthPort;
      },
      get metricsPort() {
        return runningAgent().metricsPort;
      },
      /** Stops the agent worker (and its emulator), so dispatched jobs find no worker. */
      async stopAgent() {
        await agent?.stop();
        agent = undefined;
      },
      /** SIGKILLs the agent worker and its job processes at once (a crashed machine), then drops its emulator. */
      async killAgent() {
        const running = runningAgent();
        process.kill(-running.agent.pid, 'SIGKILL');
        await running.agent.exited;
        await running.stop();
        agent = undefined;
      },
      /** Starts the agent worker again after `stopAgent()`, with the same options and a fresh emulator. */
      async startAgent() {
        if (agent) throw new Error('the agent is already running');
        agent = await startAgent();
      },
      /** Stops the database (as if it crashed); `restartDatabase` brings it back on the same port and data. */
      async stopDatabase() {
        await dbProcess?.stop();
        dbProcess = undefined;
      },
      async restartDatabase() {
        if (dbProcess) throw new Error('the database is running');
        dbProcess = await startDatabase();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function verboseLog(name: string): LogSink {
  return (_service, line) => {
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
  };
}
