export { type AgentConfig, agentSchema } from './agent.ts';
export { shutdownDeadlineMs, shutdownFlushMs } from './agent-shutdown.ts';
export { findUp, loadDotEnv, readEnvFile } from './env-file.ts';
export { livekitSchema } from './livekit.ts';
export { ConfigError, parseConfig, parseConfigOrExit } from './parse.ts';
export { type ScriptsConfig, scriptsSchema } from './scripts.ts';
export { type WebServerConfig, webServerSchema } from './web-server.ts';
