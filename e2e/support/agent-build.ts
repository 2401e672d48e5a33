import { buildAgent } from '@rehearse/local-stack';

/** Vitest global set-up: the agent's production build, once per run, before any stack starts the agent from it. */
export default function buildAgentForRun(): void {
  buildAgent();
}
