import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, ServerOptions } from '@livekit/agents';
import { shutdownDeadlineMs } from '@rehearse/config';
import { migrate } from '@rehearse/db';
import { agentConfig } from './config.ts';
import { openAgentDatabase } from './database.ts';
import { rootLogger } from './logger.ts';
import { serveMetrics } from './metrics-server.ts';
import { pluginContractProblem, serveUnhealthy } from './plugin-contract.ts';
import { exitByShutdownDeadline } from './shutdown-deadline.ts';
import { withTimeout } from './with-timeout.ts';
import { workerLoad } from './worker-load.ts';

/**
 * The agent worker: registers with LiveKit under AGENT_NAME (explicit dispatch: only the dispatches
 * the web app puts on interview rooms start it), health on HEALTH_HOST:PORT (agents-js does not read
 * $PORT itself), Prometheus metrics on METRICS_PORT. SIGTERM drains running interviews before exiting.
 */
const config = agentConfig();

// Schema first (safe to race with the web app doing the same); a database that is down now is not
// fatal: interviews start fresh and their writes wait (see interview-store.ts).
const db = openAgentDatabase(config, 'worker');
await withTimeout(migrate(db.pool, { log: rootLogger }), config.DB_TIMEOUT_MS * 3, 'migrating the database')
  .catch((error) => rootLogger.error({ err: String(error) }, 'could not migrate the database; continuing'))
  .finally(() => db.close());
const metrics = await serveMetrics(config.METRICS_HOST, config.METRICS_PORT);
process.once('exit', () => void metrics.close());
rootLogger.info(
  {
    agentName: config.AGENT_NAME,
    health: `${config.HEALTH_HOST}:${config.PORT}`,
    metricsPort: config.METRICS_PORT,
  },
  'starting agent worker',
);

// The reconnect hooks reach into the plugin's internals: if an upgrade moved them, say so on the health
// endpoint (503 with the reason) and take no jobs, rather than run interviews that hang on a drop.
const contractProblem = await pluginContractProblem();
if (contractProblem) {
  rootLogger.fatal({ reason: contractProblem }, 'plugin contract check failed; not taking jobs');
  await serveUnhealthy(config.HEALTH_HOST, config.PORT, contractProblem);
} else {
  startWorker();
}

function startWorker() {
  exitByShutdownDeadline(shutdownDeadlineMs(config), rootLogger);
  cli.runApp(
    new ServerOptions({
      // job.ts beside main.ts in development, job.js beside main.js in the build (dist/).
      agent: fileURLToPath(new URL(`./job${extname(import.meta.url)}`, import.meta.url)),
      agentName: config.AGENT_NAME,
      wsURL: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
      host: config.HEALTH_HOST,
      port: config.PORT,
      numIdleProcesses: config.NUM_IDLE_PROCESSES,
      // Load by running interviews, not by CPU: agents-js' CPU measure reads the whole machine (busy
      // neighbours make the worker refuse jobs) and under `start` its threshold is Infinity anyway.
      loadFunc: async (server) =>
        workerLoad(server.activeJobs.length, config.AGENT_MAX_CONCURRENT_JOBS, config.AGENT_TARGET_LOAD),
      loadThreshold: config.AGENT_TARGET_LOAD,
      drainTimeout: config.AGENT_DRAIN_TIMEOUT_MS,
      shutdownProcessTimeout: config.AGENT_SHUTDOWN_TIMEOUT_MS,
      initializeProcessTimeout: config.AGENT_PROCESS_INIT_TIMEOUT_MS,
      logLevel: config.LOG_LEVEL === 'silent' ? 'fatal' : config.LOG_LEVEL,
    }),
  );
}
