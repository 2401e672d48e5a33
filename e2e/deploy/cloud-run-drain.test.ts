/**
 * An agent deploy on Cloud Run, with the drain its manifest sets (deploy/cloudrun/agent.yaml): the worker running
 * an interview gets SIGTERM (to the worker process alone, as Cloud Run signals PID 1) while the candidate is at
 * a question. Its drain runs out with the interview still going, the job persists, releases the lease and
 * leaves, the worker exits by itself inside Cloud Run's 10 s, and the web app's webhook sends a new Noah, whom
 * LiveKit gives to the other worker (the draining one reports itself full): he takes the lease at once and asks
 * the same question. docs/deploy.md, "Deploys and running interviews".
 */
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { startInterviewResponse } from '@rehearse/api-contract';
import { repoRoot } from '@rehearse/local-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import { type Stack, startStack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentManifestStopSettings, CLOUD_RUN_SHUTDOWN_MS } from '../support/cloud-run-manifest.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

const TURN_MS = 90_000;

let stack: Stack;
let candidate: RtcParticipant | undefined;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startStack({
    agentName: 'noah-deploy-e2e',
    web: {},
    agent: {
      workers: 2,
      scenarioFile: join(repoRoot, 'e2e/agent/scenarios/one-question.json'),
      agentEnv: { INTERVIEW_QUESTION_COUNT: '1', ...agentManifestStopSettings() },
    },
  });
});

afterAll(async () => {
  await candidate?.leave().catch(() => {});
  await dispose();
  await stack?.stop();
});

/** The worker (0 or 1) whose log shows the job of the agent `identity` (`agent-<job id>`) finding its candidate. */
function workerRunning(identity: string): number {
  const jobId = identity.replace(/^agent-/, '');
  const running = [0, 1].filter((index) =>
    stack.worker(index).agentLog.some((line) => line.includes(jobId) && line.includes('candidate found')),
  );
  expect(running, `workers running ${identity}`).toHaveLength(1);
  return running[0] as number;
}

it('moves a running interview to a new Noah on another worker when its worker is stopped as Cloud Run stops one', async () => {
  const user = await signUpUser(stack.auth.host, 'Frances Allen');
  const start = await readContract(
    await postStartInterview(stack.web.url, { idToken: user.idToken, body: '{}' }),
    startInterviewResponse,
  );
  const joined = await RtcParticipant.join(start.livekit_url, start.token);
  candidate = joined;
  await joined.publishMicrophone();
  await joined.waitForAgentTurns(1, TURN_MS);
  await joined.sayAndWaitForReply(
    await candidateSpeech('A backend engineer role, five years of experience.'),
    TURN_MS,
  );
  const before = await until(
    'the interview to reach the background question',
    () => stack.db.interviews.get(start.interview_id),
    (row) => row?.phase === 'background',
  );
  const [noah] = joined.agents();
  const stopping = workerRunning(noah?.identity ?? '');
  const staying = 1 - stopping;
  const worker = stack.worker(stopping).agent;

  const stoppedAt = performance.now();
  process.kill(worker.pid, 'SIGTERM');
  const exit = await Promise.race([
    worker.exited,
    new Promise<string>((resolve) => setTimeout(resolve, CLOUD_RUN_SHUTDOWN_MS, 'still running after 10 s')),
  ]);
  expect(exit, 'the worker exits by itself (143: a handled SIGTERM) before Cloud Run would kill it').toBe(
    143,
  );

  const [replacement] = await until(
    'a new Noah to join',
    async () => joined.agents().filter((agent) => agent.identity !== noah?.identity),
    (agents) => agents.length === 1,
    60_000,
  );
  const joinedAt = performance.now();
  const heardAt = await until(
    'the new Noah to be heard',
    async () => joined.lastSoundAt ?? 0,
    (at) => at > joinedAt,
    TURN_MS,
  );
  console.info(
    `cloud run deploy: SIGTERM → new Noah joined in ${Math.round(joinedAt - stoppedAt)} ms, audible in ${Math.round(heardAt - stoppedAt)} ms`,
  );
  expect(workerRunning(replacement?.identity ?? '')).toBe(staying);
  const welcomeBack = stack
    .worker(staying)
    .emulator.sessions.map((session) => JSON.stringify(session.received))
    .find((received) => received.includes('reconnected to an interview already in progress'));
  expect(welcomeBack).toContain('Ask about their background');
  const after = await until(
    'the new Noah to hold the lease',
    () => stack.db.interviews.get(start.interview_id),
    (row) => row?.agentLeaseHolder === replacement?.identity,
  );
  expect(after).toMatchObject({ phase: 'background', status: 'active', roomName: start.room_name });
  expect(after?.state).toEqual(before?.state);
  expect(joined.agents()).toHaveLength(1);
});
