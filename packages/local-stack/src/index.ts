export {
  buildAgent,
  pgbouncerBinary,
  redisServerInstalled,
  startAgentProcess,
  startEmbeddedDatabaseProcess,
  startGeminiEmulatorProcess,
  startPgBouncer,
  startRedisServer,
  startWebProcess,
} from './components.ts';
export { copyOfFolderMadeOnce, withDirLock } from './dir-lock.ts';
export { type AuthEmulatorOptions, startAuthEmulator } from './firebase-auth-emulator.ts';
export { ProcessGroupRegistry } from './leftovers.ts';
export {
  LIVEKIT_SERVER_VERSION,
  type LivekitPorts,
  type LivekitServerOptions,
  livekitConfigBody,
  livekitServerBinary,
  startLivekitServer,
} from './livekit-server.ts';
export { prefixedLog } from './log-format.ts';
export { binDir, dataDir, nodeBin, repoRoot } from './paths.ts';
export { freePort } from './ports.ts';
export { type LogSink, type RunningService, type ServiceSpec, startService } from './service.ts';
export { waitForHttp } from './wait.ts';
