import type { AgentConfig } from './agent.ts';

/** What a job's shutdown needs besides writing its queue: leaving the room and the process's own exit. */
const LEAVING_MS = 1_000;
/** The most a shutdown spends writing what the database has not taken yet, however long it may take. */
const MAX_FLUSH_MS = 5_000;
/** A flush shorter than this could not write even one batch; below it the budget is simply too small. */
const MIN_FLUSH_MS = 500;
/**
 * The worker's own last step after its job processes are closed (agents-js closes its HTTP server and
 * connection, then exits).
 */
const WORKER_EXIT_MS = 500;

type ShutdownSettings = Pick<
  AgentConfig,
  'AGENT_DRAIN_TIMEOUT_MS' | 'AGENT_SHUTDOWN_TIMEOUT_MS' | 'DB_TIMEOUT_MS'
>;

/**
 * How long a job's shutdown may spend writing its queue: what AGENT_SHUTDOWN_TIMEOUT_MS leaves after releasing
 * the lease (one database call, up to DB_TIMEOUT_MS) and leaving the room, so the worker never has to kill it.
 */
export function shutdownFlushMs(settings: ShutdownSettings): number {
  const left = settings.AGENT_SHUTDOWN_TIMEOUT_MS - settings.DB_TIMEOUT_MS - LEAVING_MS;
  return Math.min(MAX_FLUSH_MS, Math.max(MIN_FLUSH_MS, left));
}

/** After SIGTERM, the worker exits by itself at this point at the latest (apps/agent/src/shutdown-deadline.ts). */
export function shutdownDeadlineMs(settings: ShutdownSettings): number {
  return settings.AGENT_DRAIN_TIMEOUT_MS + settings.AGENT_SHUTDOWN_TIMEOUT_MS + WORKER_EXIT_MS;
}
