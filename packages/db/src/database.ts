import type pg from 'pg';
import { type Logger, pino } from 'pino';
import { z } from 'zod';
import { type AgentLeaseRepository, createAgentLeaseRepository } from './agent-lease.ts';
import { type AnswersRepository, createAnswersRepository } from './answers-repository.ts';
import { createFailedWritesRepository, type FailedWritesRepository } from './failed-writes-repository.ts';
import { createInterviewsRepository, type InterviewsRepository } from './interviews-repository.ts';
import { createPool } from './pool.ts';
import { createTranscriptRepository, type TranscriptRepository } from './transcript-repository.ts';
import { createUsersRepository, type UsersRepository } from './users-repository.ts';
import { createWebhookEventsRepository, type WebhookEventsRepository } from './webhook-events-repository.ts';

const databaseOptions = z.object({
  url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  queryTimeoutMs: z.number().int().positive().default(5000),
  poolMax: z.number().int().positive().default(5),
  schema: z.string().min(1).optional(),
});

export type DatabaseOptions = z.input<typeof databaseOptions> & { log?: Logger };

export interface Database {
  pool: pg.Pool;
  users: UsersRepository;
  interviews: InterviewsRepository & AgentLeaseRepository;
  answers: AnswersRepository;
  transcript: TranscriptRepository;
  failedWrites: FailedWritesRepository;
  webhookEvents: WebhookEventsRepository;
  /** Ends the pool; waits for checked-out clients to be released. */
  close(): Promise<void>;
}

/** Opens a pool (nothing is connected until the first query) and the repositories over it. */
export function createDatabase(options: DatabaseOptions): Database {
  const { url, queryTimeoutMs, poolMax, schema } = databaseOptions.parse(options);
  const log = options.log ?? pino({ name: '@rehearse/db' });
  const pool = createPool({ url, log, queryTimeoutMs, poolMax, ...(schema ? { schema } : {}) });
  let closing: Promise<void> | undefined;
  return {
    pool,
    users: createUsersRepository(pool),
    interviews: { ...createInterviewsRepository(pool), ...createAgentLeaseRepository(pool) },
    answers: createAnswersRepository(pool),
    transcript: createTranscriptRepository(pool),
    failedWrites: createFailedWritesRepository(pool),
    webhookEvents: createWebhookEventsRepository(pool),
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
