import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, ServerOptions } from '@livekit/agents';

/**
 * The reference worker (LiveKit's agent starter): LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are read by
 * agents-js. Explicit dispatch under AGENT_NAME, as ours. Beyond the starter, the bench's capacity settings, the
 * same as ours: idle job processes, their start deadline, the health port (agents-js does not read $PORT), and the
 * load reported by running jobs. The starter's load is the whole machine's CPU, and livekit-server 1.13 dispatches
 * only to workers below 0.7: on a machine busy with anything else (here the load generator) it gets no jobs at all.
 */
const maxJobs = Number(process.env.AGENT_MAX_CONCURRENT_JOBS ?? 8);
cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL(`./job${extname(import.meta.url)}`, import.meta.url)),
    agentName: process.env.AGENT_NAME ?? 'reference-agent',
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 8081),
    numIdleProcesses: Number(process.env.NUM_IDLE_PROCESSES ?? 1),
    initializeProcessTimeout: Number(process.env.AGENT_PROCESS_INIT_TIMEOUT_MS ?? 30_000),
    loadFunc: async (server) => Math.min(1, server.activeJobs.length / maxJobs),
  }),
);
