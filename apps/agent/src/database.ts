import type { AgentConfig } from '@rehearse/config';
import { createDatabase, type Database } from '@rehearse/db';
import { rootLogger } from './logger.ts';

/**
 * The agent's database client, as its processes count against the database's connection budget
 * (docs/connection-budget.md): the worker's migrates the schema at start and is closed (a migration uses one
 * connection), each job process's serves its one interview with AGENT_JOB_DB_POOL_MAX. Each shows on the server as
 * its kind (`application_name`), so either can be counted in pg_stat_activity.
 */
export function openAgentDatabase(config: AgentConfig, processKind: 'worker' | 'job'): Database {
  return createDatabase({
    url: config.DATABASE_URL,
    queryTimeoutMs: config.DB_TIMEOUT_MS,
    poolMax: processKind === 'job' ? config.AGENT_JOB_DB_POOL_MAX : 1,
    applicationName: `rehearse-agent-${processKind}`,
    transactionPooler: config.DATABASE_TRANSACTION_POOLER,
    // An idle job process may wait long for its job: its prewarmed connection stays open for the greeting.
    idleTimeoutMs: processKind === 'job' ? 0 : 30_000,
    log: rootLogger,
  });
}
