import { type Stack, startStack } from './stack.ts';

export const E2E_AGENT_NAME = 'noah-interviewer-e2e';

/**
 * The stack of the API tests: the web app (`next start`) with its database, Auth emulator and livekit-server, and
 * no agent worker (its dispatches wait in livekit-server).
 */
export function startApiStack(
  options: { webEnv?: Record<string, string>; redis?: boolean } = {},
): Promise<Stack> {
  return startStack({ agentName: E2E_AGENT_NAME, web: { env: options.webEnv }, redis: options.redis });
}
