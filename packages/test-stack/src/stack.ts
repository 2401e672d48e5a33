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
import { copyMigratedDatabase } from './database-template.ts';
import {
  closeAllRooms,
  startTestLivekit,
  TEST_API_KEY,
  TEST_API_SECRET,
  type TestLivekit,
} from './livekit.ts';
import { roomNodeMap } from './livekit-cluster.ts';
import { authEmulator, E2E_FIREBASE_PROJECT } from './shared-auth-emulator.ts';
import { startTestAgent, type TestAgent, type TestAgentOptions } from './test-agent.ts';
import { startWebApp } from './web-app.ts';

export interface StackOptions {
  /** The agent name the web app dispatches and the agent worker registers under. */
  agentName: string;
  /** The web app (`next start` of the e2e build), the Firebase Auth emulator, and webhooks from livekit-server. */
  web?: {
    env?: Record<string, string>;
    /**
     * `next start` instances (default 1): instance i talks to livekit node i mod nodes, and node i posts its
     * webhooks to instance i mod instances.
     */
    instances?: number;
  };
  /** A real redis-server of its own, as the web app's REDIS_URL: every web instance shares its limits. */
  redis?: boolean;
  /** The agent worker (production build by default) and its Gemini Live emulator. */
  agent?: Omit<TestAgentOptions, 'livekitUrl' | 'databaseUrl' | 'agentName'> & {
    /** Workers (default 1), each with its own emulator; worker i registers with livekit node i mod nodes. */
    workers?: number;
  };
  /** livekit-server nodes (default 1); several form one cluster through a redis-server of the stack's own. */
  livekitNodes?: number;
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
    await copyMigratedDatabase(dataDir);
    const dbPort = await freePort();
    const startDatabase = () =>
      startEmbeddedDatabaseProcess({ dataDir, port: dbPort, log: verboseLog('db') });
    let dbProcess: RunningService | undefined = await startDatabase();
    started.push({ stop: async () => dbProcess?.stop() });
    const databaseUrl = dbProcess.readyValue;
    if (!databaseUrl) throw new Error('embedded database printed no URL');

    const auth = options.web ? await authEmulator() : undefined;
    if (auth) started.push(auth);
    const webPorts: number[] = [];
    for (let i = 0; options.web && i < (options.web.instances ?? 1); i++) webPorts.push(await freePort());
    const nodeCount = options.livekitNodes ?? 1;
    const redis =
      options.redis || nodeCount > 1
        ? await startRedisServer({ port: await freePort(), log: () => {} })
        : undefined;
    if (redis) started.push(redis);
    const livekitNodes: TestLivekit[] = [];
    for (let i = 0; i < nodeCount; i++) {
      const webPort = webPorts[i % webPorts.length];
      const node = await startTestLivekit({
        webhookUrl: webPort ? `http://127.0.0.1:${webPort}/api/livekit/webhook` : undefined,
        clusterRedisAddress: nodeCount > 1 && redis ? new URL(redis.url).host : undefined,
        logName: i === 0 ? 'livekit' : `livekit-${i + 1}`,
      });
      started.push(node);
      livekitNodes.push(node);
    }
    const [livekit] = livekitNodes as [TestLivekit];

    const db = createDatabase({ url: databaseUrl, queryTimeoutMs: 5_000 });
    started.push({ stop: () => db.close() });
    await migrate(db.pool); // safe beside the web app and the agent doing the same

    /** A web instance's variables; it talks to `node` (the first unless told). */
    const webEnv = (node: TestLivekit): Record<string, string> => ({
      LIVEKIT_URL: node.url,
      LIVEKIT_PUBLIC_URL: node.url,
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
      ...(redis && options.redis ? { REDIS_URL: redis.url } : {}),
      ...options.web?.env,
    });
    const startWeb = async (
      port: number,
      env: Record<string, string> = {},
      node = livekit,
    ): Promise<WebInstance> => {
      const logs: string[] = [];
      // An empty string removes a variable (e.g. FIREBASE_AUTH_EMULATOR_HOST for the production verifier).
      const merged = Object.fromEntries(
        Object.entries({ ...webEnv(node), ...env }).filter(([, value]) => value !== ''),
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
    const webs: WebInstance[] = [];
    const agentOptions = options.agent;
    const startAgent = (index: number) =>
      agentOptions
        ? startTestAgent({
            ...agentOptions,
            livekitUrl: (livekitNodes[index % nodeCount] ?? livekit).url,
            databaseUrl,
            agentName: options.agentName,
          })
        : undefined;
    const agents: Array<TestAgent | undefined> = [];
    started.push({
      stop: async () => {
        for (const running of agents) await running?.stop();
      },
    });
    // Side by side, the web instances (in order) and the agent workers: each takes a second or more to be ready,
    // and none needs another. A failed start fails the stack once all have settled.
    const starts = await Promise.allSettled([
      (async () => {
        for (const [i, port] of webPorts.entries())
          webs.push(await startWeb(port, {}, livekitNodes[i % nodeCount]));
      })(),
      ...Array.from({ length: agentOptions ? (agentOptions.workers ?? 1) : 0 }, async (_, index) => {
        agents[index] = await startAgent(index);
      }),
    ]);
    for (const start of starts) if (start.status === 'rejected') throw start.reason;
    const web = webs[0];
    // Stopped before the agent: with their rooms gone the jobs end now instead of draining until SIGKILL.
    started.push({ stop: () => closeAllRooms(livekit) });

    const runningAgent = (index = 0) => {
      const agent = agents[index];
      if (!agent)
        throw new Error(agentOptions ? `agent worker ${index} is stopped` : 'this stack has no agent');
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
      /** Every livekit-server node (`livekit` is the first); several share the stack's Redis as one cluster. */
      livekitNodes,
      rooms: new RoomServiceClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      dispatches: new AgentDispatchClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      redis,
      get web(): WebInstance {
        return required(web, 'web app');
      },
      /** Every web instance the stack started (`web` is the first). */
      webInstances: webs,
      get auth(): { host: string } {
        return required(auth, 'Auth emulator');
      },
      /** Another `next start` of the same build sharing this stack, with some variables changed ('' unsets). */
      startExtraWeb: async (env: Record<string, string>) => startWeb(await freePort(), env),
      /** The agent worker's process (leader of its process group: its job processes are in it). */
      get agent(): RunningService {
        return runningAgent().agent;
      },
      /** Agent worker `index` (of `agent.workers`), with its emulator and its log; throws while it is stopped. */
      worker(index: number): TestAgent {
        return runningAgent(index);
      },
      /** The running agent's Gemini Live emulator (a new one after `startAgent()`). */
      get emulator() {
        return runningAgent().emulator;
      },
      /** Every line the running agent worker printed. */
      get agentLog(): string[] {
        return agents[0]?.agentLog ?? [];
      },
      get healthPort() {
        return runningAgent().healthPort;
      },
      get metricsPort() {
        return runningAgent().metricsPort;
      },
      /** Stops an agent worker (and its emulator), so dispatched jobs find no worker. */
      async stopAgent(index = 0) {
        await agents[index]?.stop();
        agents[index] = undefined;
      },
      /** SIGKILLs an agent worker and its job processes at once (a crashed machine), then drops its emulator. */
      async killAgent(index = 0) {
        const running = runningAgent(index);
        process.kill(-running.agent.pid, 'SIGKILL');
        await running.agent.exited;
        await running.stop();
        agents[index] = undefined;
      },
      /** Starts an agent worker again after it stopped, with the same options and a fresh emulator. */
      async startAgent(index = 0) {
        if (agents[index]) throw new Error(`agent worker ${index} is already running`);
        agents[index] = await startAgent(index);
      },
      /** Room name → id of the livekit node hosting it (`livekitNodes[i].nodeId`), from the cluster's Redis. */
      async roomNodes(): Promise<Map<string, string>> {
        if (nodeCount < 2 || !redis) throw new Error('this stack has one livekit node');
        return roomNodeMap(redis.url);
      },
      /** The embedded database's process (leader of its process group), while it runs. */
      get databaseProcess(): RunningService {
        return required(dbProcess, 'running database');
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
