/**
 * Settings that are right on a laptop and wrong in production. A process started with
 * NODE_ENV=production refuses each of them at start (`parseConfig`), unless the operator
 * says this "production" is a local test (`ALLOW_DEVELOPMENT_SETTINGS=true`: the e2e suite runs
 * `next start`, which is always NODE_ENV=production, against emulators).
 */

/** LiveKit's `--dev` key and secret, and the ones `.env.example` ships. */
const DEVELOPMENT_LIVEKIT_KEYS = new Set(['devkey']);
const DEVELOPMENT_LIVEKIT_SECRETS = new Set(['secret', 'rehearse-local-dev-secret-change-me-0123456789']);

type Env = Record<string, string | undefined>;

/** One line per development setting found in `env` (empty when there is none). Secrets are never echoed. */
export function developmentSettings(env: Env): string[] {
  const found: string[] = [];
  if (env.FIREBASE_AUTH_EMULATOR_HOST)
    found.push('FIREBASE_AUTH_EMULATOR_HOST is set: the Auth emulator accepts unsigned ID tokens; unset it');
  if (env.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL)
    found.push(
      'NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL is set: the browser would sign in to the emulator; unset it',
    );
  if (env.GEMINI_LIVE_BASE_URL?.startsWith('http://'))
    found.push(
      'GEMINI_LIVE_BASE_URL is a plain http:// URL (the local emulator): the API key would travel unencrypted; unset it',
    );
  if (env.LIVEKIT_API_KEY && DEVELOPMENT_LIVEKIT_KEYS.has(env.LIVEKIT_API_KEY))
    found.push('LIVEKIT_API_KEY is the development key; set your LiveKit project key');
  if (env.LIVEKIT_API_SECRET && DEVELOPMENT_LIVEKIT_SECRETS.has(env.LIVEKIT_API_SECRET))
    found.push('LIVEKIT_API_SECRET is a development secret; set your LiveKit project secret');
  const project = env.FIREBASE_PROJECT_ID;
  if (!project) found.push('FIREBASE_PROJECT_ID is not set; set your Firebase project id');
  else if (project.startsWith('demo-'))
    found.push(
      `FIREBASE_PROJECT_ID "${project}" is an emulator-only demo project; set your Firebase project id`,
    );
  return found;
}

/** The development settings of a production `env` (none unless NODE_ENV=production). */
export function productionProblems(env: Env): string[] {
  if (env.NODE_ENV !== 'production' || env.ALLOW_DEVELOPMENT_SETTINGS === 'true') return [];
  return developmentSettings(env).map((line) => `NODE_ENV=production but ${line}`);
}
