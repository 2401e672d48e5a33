import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({
    scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json'),
    agentEnv: { AGENT_DRAIN_TIMEOUT_MS: '3000' },
  });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

it('on SIGTERM drains: persists what was said, releases the room lease and leaves', async () => {
  const candidate = await newCandidate(stack, 'Radia Perlman');
  const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
  await user.publishMicrophone();
  await user.waitForAgentTurns(1);
  await user.sayAndWaitForReply(await candidateSpeech('A backend engineer role, five years of experience.'));
  expect((await stack.db.interviews.get(candidate.sessionId))?.agentLeaseHolder).toMatch(/^agent-/);

  process.kill(stack.agent.pid, 'SIGTERM'); // a deploy: the platform asks the worker to stop
  await until(
    'the agent to leave the room',
    async () => user.agents().length,
    (count) => count === 0,
    30_000,
  );
  const interview = await until(
    'the lease to be released',
    () => stack.db.interviews.get(candidate.sessionId),
    (row) => row?.agentLeaseHolder === null,
  );
  expect(interview?.phase).toBe('background');
  const transcript = await stack.db.transcript.listForSession(candidate.sessionId);
  expect(transcript.map((turn) => turn.role).sort()).toEqual(['agent', 'agent', 'user']);
  await stack.agent.exited;
  await user.leave();
});
