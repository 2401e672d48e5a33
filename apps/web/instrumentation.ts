/**
 * Runs once when the server starts: a bad config — and, with NODE_ENV=production, any development
 * setting (emulators, LiveKit's development key, a demo Firebase project) — stops the process here with
 * one line per problem, instead of surfacing as 503s on the first requests.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ConfigError, loadDotEnv, parseConfig, webServerSchema } = await import('@rehearse/config');
  loadDotEnv();
  try {
    parseConfig(webServerSchema, 'web', process.env, { production: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG, as the agent
  }
}
