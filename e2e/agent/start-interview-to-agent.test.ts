import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { startInterviewResponse } from '@rehearse/api-contract';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { AgentDispatchClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

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

it('signs in, gets a token from /api/start-interview, and is interviewed by exactly one agent', async () => {
  const user = await signUpUser(stack.auth.host, 'Katherine Johnson');
  const response = await postStartInterview(stack.web.url, { idToken: user.idToken, body: '{}' });
  expect(response.status).toBe(200);
  const start = await readContract(response, startInterviewResponse);
  expect(start.identity).toBe(user.uid);

  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  await candidate.publishMicrophone();
  await candidate.waitForAgentTurns(1, 90_000);
  const greeting = await until(
    'the greeting in the transcript',
    () => stack.db.transcript.listForSession(start.interview_id),
    (turns) => turns.some((turn) => turn.role === 'agent'),
  );
  expect(greeting.find((turn) => turn.role === 'agent')?.text).toMatch(/^Hello Katherine, I'm Noah/);

  await candidate.sayAndWaitForReply(
    await candidateSpeech('A backend engineer role, five years of experience.'),
  );
  await candidate.sayAndWaitForReply(await candidateSpeech('I build payment systems.'));
  await candidate.sayAndWaitForReply(
    await candidateSpeech('I led a payments migration that halved failures.'),
  );
  const answers = await until(
    'the scored answer',
    () => stack.db.answers.listForSession(start.interview_id),
    (rows) => rows.length === 2,
  );
  expect(answers[1]?.scores.map((score) => score.competency)).toEqual(['ownership', 'technical_depth']);

  // No dispatch call was made by anyone but the token factory's room: one dispatch, one agent.
  const dispatches = await new AgentDispatchClient(
    stack.livekit.httpUrl,
    TEST_API_KEY,
    TEST_API_SECRET,
  ).listDispatch(start.room_name);
  expect(dispatches).toHaveLength(1);
  expect(candidate.agents()).toHaveLength(1);
  await candidate.leave();
});
