import 'server-only';
import { loadDotEnv, parseConfig, type WebServerConfig, webServerSchema } from '@rehearse/config';

export type ServerConfig = WebServerConfig;

let cached: ServerConfig | undefined;

/**
 * Parsed on first use, not at import: `next build` imports route modules without the runtime env.
 * Throws ConfigError (one line per bad variable, secrets never echoed).
 */
export function serverConfig(): ServerConfig {
  if (cached) return cached;
  // The repo's .env fills only what the platform did not set (never overrides).
  loadDotEnv();
  const config = parseConfig(webServerSchema, 'web', process.env, { production: true });
  assertEmulatorOnlyForDemoProjects(config);
  cached = config;
  return config;
}

/**
 * firebase-admin accepts UNSIGNED ID tokens whenever FIREBASE_AUTH_EMULATOR_HOST is set. A stray variable in
 * production would let anyone mint a token, so emulator mode is allowed only for demo-* projects, which the
 * emulator reserves and real Firebase never issues.
 */
function assertEmulatorOnlyForDemoProjects(config: ServerConfig) {
  if (config.FIREBASE_AUTH_EMULATOR_HOST && !config.FIREBASE_PROJECT_ID.startsWith('demo-')) {
    throw new Error(
      'config error (web): FIREBASE_AUTH_EMULATOR_HOST is set but FIREBASE_PROJECT_ID is not a demo-* project; ' +
        'refusing to accept unsigned emulator tokens for a real project',
    );
  }
}

/** How much JSON a route reads, and for how long (bounded-body.ts). */
export function jsonBodyLimits(config: ServerConfig) {
  return { maxBytes: config.MAX_JSON_BODY_BYTES, timeoutMs: config.BODY_READ_TIMEOUT_MS };
}
