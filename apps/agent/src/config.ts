import { type AgentConfig, agentSchema, loadDotEnv, parseConfigOrExit } from '@rehearse/config';

let loaded: AgentConfig | undefined;

/** Parsed once per process (the worker and each job process); `.env` never overrides the platform's env. */
export function agentConfig(): AgentConfig {
  if (!loaded) {
    loadDotEnv();
    loaded = parseConfigOrExit(agentSchema, 'agent', process.env, { production: true });
  }
  return loaded;
}
