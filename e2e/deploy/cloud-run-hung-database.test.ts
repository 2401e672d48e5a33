/**
 * An agent deploy on Cloud Run at a bad moment: the database stops answering mid-interview, then the worker gets
 * SIGTERM. The job's shutdown cannot write its queue or release the lease, yet the worker must exit by itself
 * (143) before Cloud Run's SIGKILL at 10 s: a worker that is killed leaves LiveKit to notice the dead job only
 * after its own timeouts. docs/deploy.md, "Deploys and running interviews".
 */
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { repoRoot } from '@rehearse/local-stack';
import { newCandidate, TEST_AGENT_NAME } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import { type Stack, startStack } from '@rehearse/test-stack/stack';
import { startTcpProxy, type TcpProxy } from '@rehearse/test-stack/tcp-proxy';
import { startTestAgent, type TestAgent } from '@rehearse/test-stack/test-agent';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentManifestStopSettings, CLOUD_RUN_SHUTDOWN_MS } from '../support/cloud-run-manifest.ts';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/** A turn can take long on a busy 2-core machine. */
const TURN_MS = 90_000;

let stack: Stack;
let database: TcpProxy;
let agent: TestAgent;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startStack({ agentName: TEST_AGENT_NAME });
  database = await startTcpProxy(Number(new URL(stack.databaseUrl).port));
  const databaseUrl = new URL(stack.databaseUrl);
  databaseUrl.port = String(database.port);
  agent = await startTestAgent({
    livekitUrl: stack.livekit.url,
    databaseUrl: databaseUrl.toString(),
    agentName: TEST_AGENT_NAME,
    scenarioFile: join(repoRoot, 'e2e/agent/scenarios/one-question.json'),
    // The manifest's drain and shutdown timeouts, with the production database timeout.
    agentEnv: { ...agentManifestStopSettings(), DB_TIMEOUT_MS: '3000' },
  });
});

afterAll(async () => {
  await dispose();
  await agent?.stop();
  await database?.close();
  await stack?.stop();
});

it("exits by itself inside Cloud Run's 10 s when the database hangs during the shutdown", async () => {
  const candidate = await newCandidate(stack, 'Barbara Liskov');
  const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
  await user.publishMicrophone();
  await user.waitForAgentTurns(1, TURN_MS);
  await until(
    'the agent to hold the lease',
    () => stack.db.interviews.get(candidate.sessionId),
    (row) => row?.agentLeaseHolder?.startsWith('agent-') === true,
  );

  database.hang();
  // What she says now is queued: the shutdown will try to write it.
  await user.sayAndWaitForReply(
    await candidateSpeech('A backend engineer role, five years of experience.'),
    TURN_MS,
  );
  process.kill(agent.agent.pid, 'SIGTERM');
  const stoppedAt = performance.now();
  const exit = await Promise.race([
    agent.agent.exited,
    new Promise<string>((resolve) => setTimeout(resolve, CLOUD_RUN_SHUTDOWN_MS, 'still running after 10 s')),
  ]);
  console.info(
    `hung database: the worker exited ${Math.round(performance.now() - stoppedAt)} ms after SIGTERM`,
  );
  expect(
    exit,
    `the worker exits by itself (143: a handled SIGTERM) before Cloud Run would kill it; its last lines:\n${agent.agentLog.slice(-10).join('\n')}`,
  ).toBe(143);
  await user.leave();
});
