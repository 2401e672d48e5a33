import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedDatabaseProcess, startRedisServer } from '@rehearse/local-stack';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';
import { authEmulator, E2E_FIREBASE_PROJECT } from './shared-auth-emulator.ts';
import { startWebApp } from './web-app.ts';

export { E2E_FIREBASE_PROJECT };
export const E2E_AGENT_NAME = 'noah-interviewer-e2e';

export interface WebInstance {
  url: string;
  /** The `next start` process (leader of its own process group). */
  pid: number;
  /** Every stdout/stderr line of this `next start` (pino JSON). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The real local stack for API tests: embedded PGlite process, Firebase Auth emulator, livekit-server posting
 * signed webhooks to the web app, and a production build of the web app under `next start`.
 */
export async function startApiStack(
  options: {
    webEnv?: Record<string, string>;
    /** A real redis-server of its own, as REDIS_URL: every web instance of the stack shares its limits. */
    redis?: boolean;
  } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-api-db-'));
  const started: Array<{ stop(): Promise<unknown> }> = [];
  try {
    const db = await startEmbeddedDatabaseProcess({ dataDir, port: await freePort(), log: () => {} });
    started.push(db);
    const auth = await authEmulator();
    started.push(auth);
    const webPort = await freePort();
    const livekit = await startTestLivekit({ webhookUrl: `http://127.0.0.1:${webPort}/api/livekit/webhook` });
    started.push(livekit);
    const databaseUrl = db.readyValue;
    if (!databaseUrl) throw new Error('embedded database printed no URL');
    const redis = options.redis
      ? await startRedisServer({ port: await freePort(), log: () => {} })
      : undefined;
    if (redis) started.push(redis);

    const baseEnv: Record<string, string> = {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_PUBLIC_URL: livekit.url,
      LIVEKIT_API_KEY: TEST_API_KEY,
      LIVEKIT_API_SECRET: TEST_API_SECRET,
      AGENT_NAME: E2E_AGENT_NAME,
      DATABASE_URL: databaseUrl,
      FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
      FIREBASE_AUTH_EMULATOR_HOST: auth.host,
      LOG_LEVEL: 'info',
      // Every test client is 127.0.0.1: the per-address limit is for tests that are about it.
      START_INTERVIEW_IP_RATE_LIMIT: '10000',
      ...(redis ? { REDIS_URL: redis.url } : {}),
      ...options.webEnv,
    };
    const startWeb = async (port: number, env: Record<string, string> = {}): Promise<WebInstance> => {
      const logs: string[] = [];
      // An empty string removes a variable (e.g. FIREBASE_AUTH_EMULATOR_HOST for the production verifier).
      const merged = Object.fromEntries(
        Object.entries({ ...baseEnv, ...env }).filter(([, value]) => value !== ''),
      );
      const web = await startWebApp({ port, env: merged, log: (_, line) => logs.push(line) });
      started.push(web);
      return { url: web.url, pid: web.pid, logs, stop: web.stop };
    };
    const web = await startWeb(webPort);

    return {
      web,
      db,
      databaseUrl,
      redis,
      auth,
      livekit,
      rooms: new RoomServiceClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      dispatches: new AgentDispatchClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET),
      /** Another `next start` of the same build sharing this stack, with some variables changed ('' unsets). */
      startExtraWeb: async (env: Record<string, string>) => startWeb(await freePort(), env),
      async stop() {
        for (const service of started.reverse()) await service.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export type ApiStack = Awaited<ReturnType<typeof startApiStack>>;
