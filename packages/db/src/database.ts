import type pg from 'pg';
import { type Logger, pino } from 'pino';
import { z } from 'zod';
import { type AgentLeaseRepository, createAgentLeaseRepository } from './agent-lease.ts';
import { type AnswersRepository, createAnswersRepository } from './answers-repository.ts';
import { createFailedWritesRepository, type FailedWritesRepository } from './failed-writes-repository.ts';
import { createInterviewsRepository, type InterviewsRepository } from './interviews-repository.ts';
import { createPool } from './pool.ts';
import { createRecordingsRepository, type RecordingsRepository } from './recordings-repository.ts';
import { createTranscriptRepository, type TranscriptRepository } from './transcript-repository.ts';
import { createUsersRepository, type UsersRepository } from './users-repository.ts';
import { createWebhookEventsRepository, type WebhookEventsRepository } from './webhook-events-repository.ts';

const databaseOptions = z
  .object({
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    queryTimeoutMs: z.number().int().positive().default(5000),
    /** The most connections this pool opens: the process's share of the database's connection budget. */
    poolMax: z.number().int().positive().default(5),
    /** What the server shows for these connections (pg_stat_activity), so each kind of process can be counted. */
    applicationName: z.string().min(1).max(63).default('rehearse'),
    /** `url` goes through a transaction-mode pooler (PgBouncer, Cloud SQL managed pooling): no session settings. */
    transactionPooler: z.boolean().default(false),
    /** How long an unused connection stays open; 0 keeps it (a prewarmed process waiting for its job). */
    idleTimeoutMs: z.number().int().nonnegative().default(30_000),
    schema: z.string().min(1).optional(),
  })
  .refine((options) => !(options.transactionPooler && options.schema), {
    message: 'a schema is a session setting, which a transaction pooler does not keep',
  });

export type DatabaseOptions = z.input<typeof databaseOptions> & { log?: Logger };

export interface Database {
  pool: pg.Pool;
  users: UsersRepository;
  interviews: InterviewsRepository & AgentLeaseRepository;
  answers: AnswersRepository;
  transcript: TranscriptRepository;
  recordings: RecordingsRepository;
  failedWrites: FailedWritesRepository;
  webhookEvents: WebhookEventsRepository;
  /** Ends the pool; waits for checked-out clients to be released. */
  close(): Promise<void>;
}

/** Opens a pool (nothing is connected until the first query) and the repositories over it. */
export function createDatabase(options: DatabaseOptions): Database {
  const { schema, ...poolOptions } = databaseOptions.parse(options);
  const log = options.log ?? pino({ name: '@rehearse/db' });
  const pool = createPool({ ...poolOptions, log, ...(schema ? { schema } : {}) });
  let closing: Promise<void> | undefined;
  return {
    pool,
    users: createUsersRepository(pool),
    interviews: { ...createInterviewsRepository(pool), ...createAgentLeaseRepository(pool) },
    answers: createAnswersRepository(pool),
    transcript: createTranscriptRepository(pool),
    recordings: createRecordingsRepository(pool),
    failedWrites: createFailedWritesRepository(pool),
    webhookEvents: createWebhookEventsRepository(pool),
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
