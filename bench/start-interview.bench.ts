import { startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { postStartInterview } from '@rehearse/test-stack/http';
import { progress, round, summarize } from './stats.ts';

const SEQUENTIAL = 30;
const CONCURRENT = 10;

/** POST /api/start-interview against the real stack: ID token check, room + dispatch, token, DB row. */
export async function benchStartInterview() {
  const stack = await startApiStack();
  try {
    const users = [];
    for (let i = 0; i < SEQUENTIAL + CONCURRENT; i++)
      users.push(await signUpUser(stack.auth.host, `Bench ${i}`));
    const timed = async (idToken: string) => {
      const started = performance.now();
      const response = await postStartInterview(stack.web.url, { idToken, body: '{}' });
      if (response.status !== 200)
        throw new Error(`start-interview answered ${response.status}: ${await response.text()}`);
      return performance.now() - started;
    };
    await timed((users.at(-1) ?? users[0])?.idToken ?? ''); // warm the route (first request compiles nothing, but opens pools)
    const latencies: number[] = [];
    for (const [index, user] of users.slice(0, SEQUENTIAL).entries()) {
      latencies.push(await timed(user.idToken));
      progress('start-interview sequential', index + 1, SEQUENTIAL);
    }
    const burstStarted = performance.now();
    const burst = await Promise.all(
      users.slice(SEQUENTIAL, SEQUENTIAL + CONCURRENT - 1).map((u) => timed(u.idToken)),
    );
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    return {
      sequentialMs: summarize(latencies),
      concurrent: {
        requests: burst.length,
        latencyMs: summarize(burst),
        requestsPerSec: round(burst.length / burstSeconds),
      },
    };
  } finally {
    await stack.stop();
  }
}
