import { z } from 'zod';
import { databaseFields } from './database.ts';
import { firebaseProjectId, flag, httpUrl, logLevel, port, positiveInt } from './fields.ts';
import { livekitFields } from './livekit.ts';
import { checkRecordings, recordingsFields } from './recordings.ts';

/** The agent worker. Gemini is reached with an API key, or Vertex AI, or the local emulator's base URL. */
export const agentSchema = z
  .object({
    ...livekitFields,
    ...databaseFields,
    ...recordingsFields,
    /**
     * Database connections each job process (one interview) may open: the write queue writes one at a time, and
     * the lease renewal should not wait behind a slow write.
     */
    AGENT_JOB_DB_POOL_MAX: positiveInt(2, 'connections', 20),
    FIREBASE_PROJECT_ID: firebaseProjectId,
    GOOGLE_API_KEY: z.string().min(1, 'must not be empty').optional(),
    GOOGLE_GENAI_USE_VERTEXAI: flag,
    GOOGLE_CLOUD_PROJECT: z.string().min(1, 'must not be empty').optional(),
    GOOGLE_CLOUD_LOCATION: z.string().min(1, 'must not be empty').default('us-central1'),
    GEMINI_LIVE_BASE_URL: httpUrl.optional(),
    /** Default depends on the backend: Gemini API and Vertex AI name the native-audio model differently. */
    GEMINI_MODEL: z.string().min(1).optional(),
    GEMINI_VOICE: z.string().min(1).default('Puck'),
    /** Deadline of one Gemini Live connection attempt (socket open to setupComplete); three attempts, then give up. */
    GEMINI_CONNECT_TIMEOUT_MS: positiveInt(8000, 'milliseconds', 60_000),
    PORT: port(8081),
    HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
    METRICS_PORT: port(9464),
    /** Where /metrics listens: loopback unless a scraper elsewhere needs it (then e.g. 0.0.0.0). */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    PARTICIPANT_WAIT_TIMEOUT_MS: positiveInt(30_000, 'milliseconds', 300_000),
    /** After the candidate leaves: how long the job waits for them to come back (a refresh, a lost network) before it ends. */
    CANDIDATE_REJOIN_GRACE_MS: positiveInt(45_000, 'milliseconds', 600_000),
    AGENT_LEASE_TTL_MS: positiveInt(30_000, 'milliseconds', 300_000),
    /** Writes one job holds while the database is away; past it the oldest transcript lines are dropped (counted). */
    AGENT_WRITE_QUEUE_MAX: positiveInt(500, 'writes', 100_000),
    INTERVIEW_QUESTION_COUNT: positiveInt(3, 'questions', 20),
    NUM_IDLE_PROCESSES: positiveInt(1, 'processes', 32),
    /**
     * Interviews one worker runs at once. ~0.2 core each (docs/performance.md): 6 keeps a 2-vCPU worker near
     * 60 % busy, with room for starting job processes.
     */
    AGENT_MAX_CONCURRENT_JOBS: positiveInt(6, 'jobs', 256),
    /**
     * livekit-server's `agents.target_load` (0.7 unless its configuration says otherwise): it offers jobs only to
     * workers whose load is below it, so the worker's load reaches it when AGENT_MAX_CONCURRENT_JOBS run.
     */
    AGENT_TARGET_LOAD: z.coerce
      .number({ error: 'must be a number between 0 and 1' })
      .gt(0, 'must be above 0')
      .max(1, 'must be at most 1')
      .default(0.7),
    /** On SIGTERM: how long running interviews may go on before they are persisted and closed. */
    AGENT_DRAIN_TIMEOUT_MS: positiveInt(60_000, 'milliseconds', 3_600_000),
    /**
     * After the drain: how long each job process may take to shut down (persist, release the lease, leave) before
     * the worker kills it. The worker exits by itself at the latest AGENT_DRAIN_TIMEOUT_MS + this after SIGTERM,
     * whatever still runs, so a platform that kills at a fixed time (Cloud Run: 10 s) never has to.
     */
    AGENT_SHUTDOWN_TIMEOUT_MS: positiveInt(10_000, 'milliseconds', 300_000),
    /** How long a new job process may take to start (agents-js defaults to 10 s, too short on a busy 2-core host). */
    AGENT_PROCESS_INIT_TIMEOUT_MS: positiveInt(30_000, 'milliseconds', 300_000),
    LOG_LEVEL: logLevel,
  })
  .superRefine((env, ctx) => {
    checkRecordings(env, ctx);
    if (env.GOOGLE_GENAI_USE_VERTEXAI) {
      if (!env.GOOGLE_CLOUD_PROJECT) {
        ctx.addIssue({
          code: 'custom',
          path: ['GOOGLE_CLOUD_PROJECT'],
          message: 'must be set to your Google Cloud project id when GOOGLE_GENAI_USE_VERTEXAI=true',
        });
      }
    } else if (!env.GOOGLE_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_API_KEY'],
        message:
          'must be set to a Gemini API key (or set GOOGLE_GENAI_USE_VERTEXAI=true; locally `npm run dev` sets a key for the emulator)',
      });
    }
  });

export type AgentConfig = z.infer<typeof agentSchema>;
