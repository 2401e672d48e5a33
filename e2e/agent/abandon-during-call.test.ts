import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { startInterviewResponse } from '@rehearse/api-contract';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * Case 8 of issue #10 with the real agent: a candidate who abandons the interview from home (another tab,
 * while Noah is still in the call) expects Noah to stop, and the interview to stay abandoned whatever the
 * agent writes on its way out.
 */

let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startFullStack({
    scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json'),
    agentEnv: { INTERVIEW_QUESTION_COUNT: '1' },
  });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

it('stops Noah when the candidate abandons mid-call; the agent does not re-open the interview', async () => {
  const user = await signUpUser(stack.auth.host, 'Barbara Liskov');
  const response = await postStartInterview(stack.web.url, { idToken: user.idToken });
  expect(response.status).toBe(200);
  const start = await readContract(response, startInterviewResponse);
  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  await candidate.publishMicrophone();
  await candidate.waitForAgentTurns(1, 90_000);
  await until(
    'the interview is active with its agent holding the lease',
    () => stack.db.interviews.get(start.interview_id),
    (row) => row?.status === 'active' && row.agentLeaseHolder !== null,
  );

  const abandonedAt = Date.now();
  const abandoned = await fetch(`${stack.web.url}/api/interviews/${start.interview_id}/abandon`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.idToken}` },
    signal: AbortSignal.timeout(30_000),
  });
  expect(abandoned.status).toBe(200);
  // Deleting the room ends the call for everyone; rtc-node may keep its last participant list once disconnected.
  await until(
    'Noah is gone from the call',
    async () => (candidate.room.isConnected ? candidate.agents().length : 0),
    (agents) => agents === 0,
  );
  const stoppedAfterMs = Date.now() - abandonedAt;
  process.stdout.write(`Noah left the call ${stoppedAfterMs} ms after the abandon request\n`);

  await until(
    "the agent's job finished (its last writes flushed)",
    async () =>
      stack.agentLog.some((line) => line.includes(start.room_name) && line.includes('job finished')),
    Boolean,
    60_000,
  );
  const row = await stack.db.interviews.get(start.interview_id);
  expect(row).toMatchObject({ status: 'abandoned', agentLeaseHolder: null });
  expect(row?.endedAt).toBeInstanceOf(Date);
  expect(await stack.db.interviews.findUnfinishedForUser(user.uid)).toBeNull();
  await candidate.leave();
});
