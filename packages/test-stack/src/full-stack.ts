import type { GeminiLiveEmulatorOptions } from '@rehearse/gemini-live-emulator';
import { type Stack, startStack } from './stack.ts';

export const FULL_STACK_AGENT_NAME = 'noah-full-stack-e2e';

export interface FullStackOptions {
  /** Gemini Live emulator scenario (JSON file). */
  scenarioFile: string;
  /** Extra or changed agent variables (e.g. INTERVIEW_QUESTION_COUNT). */
  agentEnv?: Record<string, string>;
  /** Emulator options beside the scenario (latency, faults). */
  emulator?: Partial<GeminiLiveEmulatorOptions>;
}

/** Everything a candidate's browser talks to, wired as in production: the web app and the agent worker. */
export function startFullStack(options: FullStackOptions): Promise<Stack> {
  return startStack({
    agentName: FULL_STACK_AGENT_NAME,
    web: {},
    agent: {
      scenarioFile: options.scenarioFile,
      emulator: options.emulator,
      agentEnv: { DB_TIMEOUT_MS: '3000', ...options.agentEnv },
    },
  });
}
