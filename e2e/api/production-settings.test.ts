import { freePort, startAgentProcess } from '@rehearse/local-stack';
import { startWebApp } from '@rehearse/test-stack/web-app';
import { describe, expect, it } from 'vitest';

/**
 * NODE_ENV=production with a development setting: the real web server (`next start` on the production
 * build) and the real agent worker stop at start, exit 78 (EX_CONFIG), and say why in one line. Nothing
 * here needs a network peer: they must stop before reaching one.
 */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  // The e2e harness allows development settings for its own production build; these tests do not.
  ALLOW_DEVELOPMENT_SETTINGS: 'false',
  LIVEKIT_URL: 'wss://rehearse.livekit.example',
  LIVEKIT_API_KEY: 'APIprojectKey',
  LIVEKIT_API_SECRET: 'a-project-secret-0123456789abcdefghijklmn',
  DATABASE_URL: 'postgres://rehearse@127.0.0.1:9/rehearse',
  FIREBASE_PROJECT_ID: 'rehearse-production',
  GOOGLE_API_KEY: 'a-gemini-key',
  LOG_LEVEL: 'info',
};

async function refusedAtStart(start: (log: (line: string) => void) => Promise<unknown>) {
  const lines: string[] = [];
  await expect(start((line) => lines.push(line))).rejects.toThrow(/exited before it was ready \(exit 78\)/);
  return lines.filter((line) => line.includes('config error'));
}

describe('production refuses development settings at start', () => {
  it('the web server, pointed at the Auth emulator', async () => {
    const port = await freePort();
    const refusals = await refusedAtStart((log) =>
      startWebApp({
        port,
        env: { ...PRODUCTION_ENV, FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' },
        log: (_, line) => log(line),
      }),
    );
    expect(refusals).toEqual([
      expect.stringMatching(
        /config error \(web\): NODE_ENV=production but FIREBASE_AUTH_EMULATOR_HOST is set: the Auth emulator accepts unsigned ID tokens/,
      ),
    ]);
  });

  it("the agent worker, with LiveKit's development key and a demo Firebase project", async () => {
    const env = { ...PRODUCTION_ENV, FIREBASE_PROJECT_ID: 'demo-rehearse' };
    const refusals = await refusedAtStart(async (log) =>
      startAgentProcess({
        healthPort: await freePort(),
        entry: 'build',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LIVEKIT_API_KEY: 'devkey' },
        log: (_, line) => log(line),
      }),
    );
    expect(refusals).toEqual([
      expect.stringMatching(
        /config error \(agent\): NODE_ENV=production but LIVEKIT_API_KEY is the development key/,
      ),
      expect.stringMatching(
        /config error \(agent\): NODE_ENV=production but FIREBASE_PROJECT_ID "demo-rehearse" is an emulator-only demo project/,
      ),
    ]);
    expect(refusals.join('\n')).not.toContain(PRODUCTION_ENV.LIVEKIT_API_SECRET);
  });
});
