import { z } from 'zod';
import { databaseFields } from './database.ts';
import { firebaseProjectId, hostPort, logLevel, positiveInt, wsUrl } from './fields.ts';
import { livekitFields } from './livekit.ts';
import { checkRecordings, recordingsFields } from './recordings.ts';

/** The Next.js server: token factory, webhook, report API. */
export const webServerSchema = z
  .object({
    ...livekitFields,
    /** What the browser connects to; defaults to LIVEKIT_URL (they differ behind a proxy). */
    LIVEKIT_PUBLIC_URL: wsUrl.optional(),
    ...databaseFields,
    ...recordingsFields,
    /** Database connections one web instance may open (requests beyond them wait their turn, up to DB_TIMEOUT_MS). */
    WEB_DB_POOL_MAX: positiveInt(5, 'connections', 100),
    FIREBASE_PROJECT_ID: firebaseProjectId,
    FIREBASE_AUTH_EMULATOR_HOST: hostPort.optional(),
    TOKEN_TTL_SECONDS: positiveInt(300, 'seconds', 3600),
    START_INTERVIEW_RATE_LIMIT: positiveInt(5, 'requests', 1000),
    START_INTERVIEW_RATE_WINDOW_SECONDS: positiveInt(60, 'seconds', 86_400),
    /** Starts per client address, and of everyone together, per the same window. */
    START_INTERVIEW_IP_RATE_LIMIT: positiveInt(20, 'requests', 10_000),
    START_INTERVIEW_GLOBAL_RATE_LIMIT: positiveInt(120, 'requests', 1_000_000),
    /** The interviews API per user, and the deep health check per address, per minute. */
    API_RATE_LIMIT: positiveInt(60, 'requests', 10_000),
    HEALTH_DEEP_RATE_LIMIT: positiveInt(12, 'requests', 10_000),
    /** Proxies in front that append to X-Forwarded-For (0: the Next.js server is the first hop). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /** Where every instance counts its rate limits; unset: each instance counts alone (in memory). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
    REDIS_TIMEOUT_MS: positiveInt(500, 'milliseconds', 10_000),
    LIVEKIT_API_TIMEOUT_MS: positiveInt(5000, 'milliseconds', 60_000),
    /** Bounds every Firebase Auth call (ID token check, user look-up for revocation). */
    FIREBASE_AUTH_TIMEOUT_MS: positiveInt(5000, 'milliseconds', 60_000),
    /** An interview left unfinished this long after it was created is expired instead of resumed. */
    INTERVIEW_EXPIRY_HOURS: positiveInt(72, 'hours', 2160),
    /** Largest request body the JSON routes accept. */
    MAX_JSON_BODY_BYTES: positiveInt(4096, 'bytes', 1_048_576),
    /** A request body must arrive within this (slow or endless bodies are cut off with 408). */
    BODY_READ_TIMEOUT_MS: positiveInt(10_000, 'milliseconds', 60_000),
    LOG_LEVEL: logLevel,
  })
  .superRefine(checkRecordings)
  .transform((env) => ({ ...env, LIVEKIT_PUBLIC_URL: env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL }));

export type WebServerConfig = z.infer<typeof webServerSchema>;
