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

export interface TestAgent {
  emulator: GeminiLiveEmulator;
  agent: RunningService;
  /** Every line the agent worker printed. */
  agentLog: string[];
  healthPort: number;
  metricsPort: number;
  stop(): Promise<void>;
}

/** The Gemini Live emulator with a test scenario, and the agent worker pointed at it (its own process). */
export async function startTestAgent(options: TestAgentOptions): Promise<TestAgent> {
  const verbose = Boolean(process.env.E2E_VERBOSE);
  const emulator = await startGeminiLiveEmulator({
    port: 0,
    scenario: parseScenario(JSON.parse(readFileSync(options.scenarioFile, 'utf8'))),
    logger: pino({ level: verbose ? 'info' : 'silent' }),
    ...options.emulator,
  });
  const healthPort = await freePort();
  const metricsPort = await freePort();
  const agentLog: string[] = [];
  try {
    const agent = await startAgentProcess({
      healthPort,
      entry: options.entry ?? 'build',
      log: (_service, line) => {
        agentLog.push(line);
        if (verbose) process.stderr.write(`[agent] ${line}\n`);
      },
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LIVEKIT_URL: options.livekitUrl,
        LIVEKIT_API_KEY: TEST_API_KEY,
        LIVEKIT_API_SECRET: TEST_API_SECRET,
        AGENT_NAME: options.agentName,
        DATABASE_URL: options.databaseUrl,
        DB_TIMEOUT_MS: '1500',
        GOOGLE_API_KEY: 'e2e-key',
        GEMINI_LIVE_BASE_URL: emulator.baseUrl,
        PORT: String(healthPort),
        METRICS_PORT: String(metricsPort),
        INTERVIEW_QUESTION_COUNT: '1',
        LOG_LEVEL: 'info',
        ...options.agentEnv,
      },
    });
    return {
      emulator,
      agent,
      agentLog,
      healthPort,
      metricsPort,
      async stop() {
        await agent.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
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
