import { join } from 'node:path';
import { freePort, type RunningService, repoRoot, startService } from '@rehearse/local-stack';
import { E2E_AGENT_NAME, startApiStack } from '@rehearse/test-stack/api-stack';
import { type EmulatorUser, signUpUser } from '@rehearse/test-stack/firebase-users';
import { postStartInterview } from '@rehearse/test-stack/http';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { E2E_FIREBASE_PROJECT } from '@rehearse/test-stack/shared-auth-emulator';
import { progress, round, summarize } from './stats.ts';

const SEQUENTIAL = 30;
const CONCURRENT = 10;

const CONCURRENCY_LEVELS = [8, 16, 32] as const;
// Rounds per level and target, alternating which target goes first; three times as many outside quick mode.
const roundsFor = (quick: boolean) => (quick ? 2 : 6);
/** Measured requests per round: at least 32, and at least two per worker. */
const perRound = (concurrency: number) => Math.max(32, 2 * concurrency);
const INITIAL_WARM_UP = 32;
const TARGETS = ['next', 'bare'] as const;
type Target = (typeof TARGETS)[number];

const BARE_HANDLER = join(import.meta.dirname, 'reference/bare-start-handler.ts');

interface LoopResult {
  latencies: number[];
  failures: number;
  failureExamples: string[];
  seconds: number;
}

/** C workers each sending POST /api/start-interview back to back (one fresh user per request) until none is left. */
async function closedLoop(baseUrl: string, users: EmulatorUser[], concurrency: number): Promise<LoopResult> {
  const result: LoopResult = { latencies: [], failures: 0, failureExamples: [], seconds: 0 };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let user = users[next++]; user; user = users[next++]) {
      const sent = performance.now();
      let failure: string | undefined;
      try {
        const response = await postStartInterview(baseUrl, { idToken: user.idToken, body: '{}' });
        const text = await response.text();
        if (response.status !== 200 || !(JSON.parse(text) as { token?: string }).token)
          failure = `${response.status} ${text.slice(0, 200)}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (failure === undefined) result.latencies.push(performance.now() - sent);
      else {
        result.failures++;
        if (result.failureExamples.length < 3) result.failureExamples.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Fresh Auth emulator users, signed up 8 at a time. */
async function signUpUsers(authHost: string, count: number): Promise<EmulatorUser[]> {
  const users: EmulatorUser[] = [];
  let claimed = 0;
  const worker = async () => {
    while (claimed++ < count) {
      users.push(await signUpUser(authHost, `Bench ${claimed}`));
      if (users.length % 16 === 0 || users.length === count)
        progress('start-interview users', users.length, count);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return users;
}

/** POST /api/start-interview against the real stack: ID token check, room + dispatch, token, DB row. */
export async function benchStartInterview({ quick }: { quick: boolean }) {
  const rounds = roundsFor(quick);
  // Every figure here is made with the limits counted as usual; the global one (120 a minute) is raised so
  // that it does not refuse the benchmark's own load.
  const stack = await startApiStack({ webEnv: { START_INTERVIEW_GLOBAL_RATE_LIMIT: '1000000' } });
  let bare: RunningService | undefined;
  try {
    bare = await startService({
      name: 'bare-start-handler',
      command: process.execPath,
      args: ['--import', 'tsx', BARE_HANDLER],
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        PORT: String(await freePort()),
        DATABASE_URL: stack.databaseUrl,
        FIREBASE_PROJECT_ID: E2E_FIREBASE_PROJECT,
        FIREBASE_AUTH_EMULATOR_HOST: stack.auth.host,
        LIVEKIT_URL: stack.livekit.url,
        LIVEKIT_PUBLIC_URL: stack.livekit.url,
        LIVEKIT_API_KEY: TEST_API_KEY,
        LIVEKIT_API_SECRET: TEST_API_SECRET,
        AGENT_NAME: E2E_AGENT_NAME,
      },
      readyLine: /^listening (http:\/\/\S+)$/,
      log: (_service, line) => process.stderr.write(`[bare-start-handler] ${line}\n`),
    });
    const baseUrl: Record<Target, string> = { next: stack.web.url, bare: bare.readyValue ?? '' };
    const loadUsers =
      TARGETS.length *
      (INITIAL_WARM_UP + rounds * CONCURRENCY_LEVELS.reduce((sum, c) => sum + c + perRound(c), 0));
    const users = await signUpUsers(stack.auth.host, 1 + SEQUENTIAL + CONCURRENT + loadUsers);
    const take = (count: number) => users.splice(0, count);

    const timed = async (idToken: string) => {
      const started = performance.now();
      const response = await postStartInterview(stack.web.url, { idToken, body: '{}' });
      if (response.status !== 200)
        throw new Error(`start-interview answered ${response.status}: ${await response.text()}`);
      return performance.now() - started;
    };
    await timed(take(1)[0]?.idToken ?? ''); // warm the route (first request compiles nothing, but opens pools)
    const latencies: number[] = [];
    for (const [index, user] of take(SEQUENTIAL).entries()) {
      latencies.push(await timed(user.idToken));
      progress('start-interview sequential', index + 1, SEQUENTIAL);
    }
    const burstStarted = performance.now();
    const burst = await Promise.all(take(CONCURRENT).map((u) => timed(u.idToken)));
    const burstSeconds = (performance.now() - burstStarted) / 1000;

    // Throughput against the bare node:http reference, the two alternating so both see the same machine.
    const warmUpFailures: Record<Target, number> = { next: 0, bare: 0 };
    for (const target of TARGETS)
      warmUpFailures[target] += (await closedLoop(baseUrl[target], take(INITIAL_WARM_UP), 8)).failures;
    const levels = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const measured: Record<Target, LoopResult[]> = { next: [], bare: [] };
      for (let r = 0; r < rounds; r++) {
        for (const target of r % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
          // One request per worker first, so connections and pools are open after the other target's turn.
          const warmUp = await closedLoop(baseUrl[target], take(concurrency), concurrency);
          warmUpFailures[target] += warmUp.failures;
          measured[target].push(await closedLoop(baseUrl[target], take(perRound(concurrency)), concurrency));
          progress(
            `start-interview c=${concurrency}`,
            measured.next.length + measured.bare.length,
            2 * rounds,
          );
        }
      }
      const figures = (target: Target) => {
        const loops = measured[target];
        const latency = summarize(loops.flatMap((loop) => loop.latencies));
        return {
          requests: loops.reduce((sum, loop) => sum + loop.latencies.length + loop.failures, 0),
          rps: round(latency.n / loops.reduce((sum, loop) => sum + loop.seconds, 0)),
          p50: latency.p50,
          p95: latency.p95,
          failures: loops.reduce((sum, loop) => sum + loop.failures, 0),
          failureExamples: loops.flatMap((loop) => loop.failureExamples).slice(0, 3),
        };
      };
      const next = figures('next');
      const bareFigures = figures('bare');
      levels.push({ concurrency, next, bare: bareFigures, ratio: round(next.rps / bareFigures.rps, 2) });
    }

    return {
      sequentialMs: summarize(latencies),
      concurrent: {
        requests: burst.length,
        latencyMs: summarize(burst),
        requestsPerSec: round(burst.length / burstSeconds),
      },
      throughput: {
        method:
          `closed loop: C workers send requests back to back, each with a fresh Auth emulator user; ` +
          `${rounds} rounds of max(32, 2C) measured requests per target and level, alternating which goes ` +
          `first, each after a warm-up of C requests; rps = successes / measured seconds, latency in ms`,
        next:
          'next start (production build): rate limits in memory (global one raised), LOG_LEVEL=info, ' +
          'the client accepts gzip as browsers do; API answers are no-transform, so not compressed',
        bare: 'node --import tsx bench/reference/bare-start-handler.ts (node:http)',
        warmUpFailures,
        levels,
      },
    };
  } finally {
    await bare?.stop();
    await stack.stop();
  }
}

export type StartInterviewResult = Awaited<ReturnType<typeof benchStartInterview>>;

/** Lines for bench/results/latest.md (for run.ts to call). */
export function startInterviewSummaryLines(result: StartInterviewResult): string[] {
  const { levels } = result.throughput;
  const worst = Math.min(...levels.map((level) => level.ratio));
  return [
    `start-interview, next start ÷ bare node:http handler throughput (goal ≥ ×0.7: ${worst >= 0.7 ? 'met' : 'not met'}):`,
    ...levels.map(
      ({ concurrency, next, bare, ratio }) =>
        `- concurrency ${concurrency}: ×${ratio} — next ${next.rps} req/s (p50 ${next.p50} ms, p95 ${next.p95} ms, ` +
        `${next.failures} failed), bare ${bare.rps} req/s (p50 ${bare.p50} ms, p95 ${bare.p95} ms, ${bare.failures} failed)`,
    ),
  ];
}
