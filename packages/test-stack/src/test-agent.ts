import { readFileSync } from 'node:fs';
import {
  type GeminiLiveEmulator,
  type GeminiLiveEmulatorOptions,
  parseScenario,
  startGeminiLiveEmulator,
} from '@rehearse/gemini-live-emulator';
import { freePort, type RunningService, startAgentProcess } from '@rehearse/local-stack';
import { pino } from 'pino';
import { TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';

export interface TestAgentOptions {
  livekitUrl: string;
  databaseUrl: string;
  agentName: string;
  /** Gemini Live emulator scenario (JSON file). */
  scenarioFile: string;
  emulator?: Partial<GeminiLiveEmulatorOptions>;
  /** Extra or changed agent variables. */
  agentEnv?: Record<string, string>;
  /** The production build (default: what the suites test) or the TypeScript through tsx. */
  entry?: 'build' | 'source';
}

export interface TestAgent extends AgentWorker {
  emulator: GeminiLiveEmulator;
}

export const TEST_VOICE_WORDS_PER_MINUTE = 320;

/**
 * The Gemini Live emulator with a test scenario, and the agent worker pointed at it (its own process), with the
 * suites' settings: a short database timeout and one question per interview.
 */
export async function startTestAgent(options: TestAgentOptions): Promise<TestAgent> {
  const emulator = await startGeminiLiveEmulator({
    port: 0,
    scenario: parseScenario(JSON.parse(readFileSync(options.scenarioFile, 'utf8'))),
    logger: pino({ level: process.env.E2E_VERBOSE ? 'info' : 'silent' }),
    // Noah speaks quickly in the suites: they check what he says and when, not how long he takes to say it.
    voiceWordsPerMinute: TEST_VOICE_WORDS_PER_MINUTE,
    ...options.emulator,
  });
  try {
    const worker = await startAgentWorker({
      livekitUrl: options.livekitUrl,
      databaseUrl: options.databaseUrl,
      agentName: options.agentName,
      geminiBaseUrl: emulator.baseUrl,
      entry: options.entry,
      env: { DB_TIMEOUT_MS: '1500', INTERVIEW_QUESTION_COUNT: '1', ...options.agentEnv },
    });
    return {
      ...worker,
      emulator,
      async stop() {
        await worker.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

export interface AgentWorkerOptions {
  livekitUrl: string;
  /** Omitted for an agent that keeps nothing (the capacity bench's reference agent). */
  databaseUrl?: string;
  agentName: string;
  /** A Gemini Live emulator's http:// base URL. */
  geminiBaseUrl: string;
  /** Variables beyond the wiring; otherwise the agent's own defaults, as in production. */
  env?: Record<string, string>;
  entry?: 'build' | 'source';
  /** With the build: the directory holding main.js and job.js (default apps/agent/dist). */
  buildDir?: string;
  /** The name its lines carry with E2E_VERBOSE. */
  name?: string;
}

export interface AgentWorker {
  agent: RunningService;
  /** Every line the agent worker printed. */
  agentLog: string[];
  healthPort: number;
  metricsPort: number;
  stop(): Promise<void>;
}

/** An agent worker (its own process group) wired to LiveKit, the database and a Gemini Live endpoint; ready when healthy. */
export async function startAgentWorker(options: AgentWorkerOptions): Promise<AgentWorker> {
  const name = options.name ?? 'agent';
  const healthPort = await freePort();
  const metricsPort = await freePort();
  const agentLog: string[] = [];
  const agent = await startAgentProcess({
    healthPort,
    entry: options.entry ?? 'build',
    buildDir: options.buildDir,
    name,
    log: (_service, line) => {
      agentLog.push(line);
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
    },
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LIVEKIT_URL: options.livekitUrl,
      LIVEKIT_API_KEY: TEST_API_KEY,
      LIVEKIT_API_SECRET: TEST_API_SECRET,
      AGENT_NAME: options.agentName,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      GOOGLE_API_KEY: 'e2e-key',
      GEMINI_LIVE_BASE_URL: options.geminiBaseUrl,
      PORT: String(healthPort),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  return { agent, agentLog, healthPort, metricsPort, stop: () => agent.stop() };
}

/**
 * The pid of the job process that runs `roomName` (agents-js runs each job in a child process of the
 * worker; every pino line carries its process's pid).
 */
export function jobPid(agentLog: readonly string[], roomName: string): number | undefined {
  for (const line of agentLog) {
    if (!line.includes(roomName) || !line.includes('agent lease checked')) continue;
    const pid = (JSON.parse(line) as { pid?: number }).pid;
    if (pid !== undefined) return pid;
  }
  return undefined;
}
