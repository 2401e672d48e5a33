import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose, RoomEvent } from '@livekit/rtc-node';
import { startInterviewResponse } from '@rehearse/api-contract';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS, PROGRESS_ATTRIBUTES } from '@rehearse/interview';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { jobPid } from '@rehearse/test-stack/test-agent';
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

/** Starts an interview through start-interview, hears the greeting and answers it: it is then at the background question. */
async function interviewAtBackgroundQuestion(displayName: string) {
  const user = await signUpUser(stack.auth.host, displayName);
  const start = await readContract(
    await postStartInterview(stack.web.url, { idToken: user.idToken, body: '{}' }),
    startInterviewResponse,
  );
  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  await candidate.publishMicrophone();
  await candidate.waitForAgentTurns(1, 90_000);
  await candidate.sayAndWaitForReply(
    await candidateSpeech('A backend engineer role, five years of experience.'),
  );
  const before = await until(
    'the profile to be saved',
    () => stack.db.interviews.get(start.interview_id),
    (row) => row?.phase === 'background',
  );
  return { start, candidate, before };
}

/**
 * After the agent `killedIdentity` died at `killedAt`: a new agent joins by itself and is heard, it was told to
 * welcome the candidate back at the background question, it holds the interview's lease (the dead one's did not
 * block it), and nothing was lost or reset. Returns the model sessions that got the resume instruction.
 */
async function expectReplacementAtTheSameQuestion(
  { start, candidate, before }: Awaited<ReturnType<typeof interviewAtBackgroundQuestion>>,
  killedIdentity: string | undefined,
  killedAt: number,
  label: string,
  joinTimeoutMs: number,
) {
  const [replacement] = await until(
    'a new agent to join by itself',
    async () => candidate.agents().filter((agent) => agent.identity !== killedIdentity),
    (agents) => agents.length === 1,
    joinTimeoutMs,
  );
  // Sound after the replacement joined is its own (the killed agent's last audio is long played out).
  const joinedAt = performance.now();
  const heardAt = await until(
    'the new agent to be heard',
    async () => candidate.lastSoundAt ?? 0,
    (at) => at > joinedAt,
    90_000,
  );
  console.info(
    `${label}: kill → new agent joined in ${Math.round(joinedAt - killedAt)} ms, audible in ${Math.round(heardAt - killedAt)} ms`,
  );
  const resumed = await until(
    'the resume instruction',
    async () =>
      stack.emulator.sessions.filter((session) =>
        JSON.stringify(session.received).includes('reconnected to an interview already in progress'),
      ),
    (sessions) => sessions.length > 0,
  );
  expect(JSON.stringify(resumed[0]?.received)).toContain('Ask about their background');
  const after = await until(
    'the new agent to hold the lease',
    () => stack.db.interviews.get(start.interview_id),
    (row) => row?.agentLeaseHolder === replacement?.identity,
    30_000,
  );
  expect(after).toMatchObject({ phase: 'background', status: 'active', roomName: start.room_name });
  expect(after?.state).toEqual(before?.state);
  expect(candidate.agents()).toHaveLength(1);
  return resumed;
}

it('sends a new agent by itself when the job process is killed, and it resumes at the same question', async () => {
  const { start, candidate, before } = await interviewAtBackgroundQuestion('Grace Hopper');
  const [killed] = candidate.agents();
  const pid = await until(
    "the job process's pid",
    async () => jobPid(stack.agentLog, start.room_name),
    (found) => found !== undefined,
  );

  process.kill(pid as number, 'SIGKILL');
  const resumed = await expectReplacementAtTheSameQuestion(
    { start, candidate, before },
    killed?.identity,
    performance.now(),
    'crash recovery',
    90_000,
  );
  expect(resumed).toHaveLength(1);
  expect(stack.web.logs.some((line) => line.includes('agent left mid-interview; dispatched again'))).toBe(
    true,
  );
  await candidate.leave();
});

it('shows the candidate only progress a crash keeps: an answer the database has not taken is not shown as done', async () => {
  const user = await signUpUser(stack.auth.host, 'Mary Jackson');
  const start = await readContract(
    await postStartInterview(stack.web.url, { idToken: user.idToken, body: '{}' }),
    startInterviewResponse,
  );
  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  await candidate.publishMicrophone();
  await candidate.waitForAgentTurns(1, 90_000);
  const [first] = candidate.agents();
  const phasesShown = [first?.attributes[PROGRESS_ATTRIBUTES.phase]];
  candidate.room.on(RoomEvent.ParticipantAttributesChanged, (changed, participant) => {
    const phase = changed[PROGRESS_ATTRIBUTES.phase];
    if (participant.identity === first?.identity && phase) phasesShown.push(phase);
  });
  const pid = await until(
    "the job process's pid",
    async () => jobPid(stack.agentLog, start.room_name),
    (found) => found !== undefined,
  );
  const model = stack.emulator.sessions.at(-1);

  // The candidate answers while the database is away: the agent takes the answer, but cannot save it yet.
  await stack.stopDatabase();
  await candidate.speak(await candidateSpeech('A backend engineer role, five years of experience.'));
  await model?.waitForReceived((message) => 'toolResponse' in message, 60_000);
  // Half a second after the answer was taken, well inside the database's timeout, Noah's process dies.
  await sleep(500);
  process.kill(pid as number, 'SIGKILL');
  const killedAt = performance.now();
  await stack.restartDatabase();

  const replacement = await until(
    'a new agent to show where the interview stands',
    async () =>
      candidate
        .agents()
        .find((agent) => agent.identity !== first?.identity && agent.attributes[PROGRESS_ATTRIBUTES.phase]),
    (agent) => agent !== undefined,
    90_000,
  );
  console.info(
    `crash before the answer was saved: a new agent showed its progress ${Math.round(performance.now() - killedAt)} ms after the kill`,
  );
  expect(replacement?.attributes[PROGRESS_ATTRIBUTES.phase]).toBe('profile');
  expect((await stack.db.interviews.get(start.interview_id))?.phase).toBe('profile');
  // What the page showed was what the replacement carried on from: the profile question, never "Background".
  expect(phasesShown.filter((phase) => phase !== undefined)).toEqual(['profile']);
  await candidate.leave();
});

it('sends a new agent by itself once a killed worker is back, at the same question', async () => {
  const { start, candidate, before } = await interviewAtBackgroundQuestion('Annie Easley');
  const [killed] = candidate.agents();

  const killedAt = performance.now();
  await stack.killAgent();
  await stack.startAgent(); // what a supervisor (systemd, Kubernetes) does
  await expectReplacementAtTheSameQuestion(
    { start, candidate, before },
    killed?.identity,
    killedAt,
    'worker crash recovery',
    180_000,
  );
  await candidate.leave();
});

it("leaves without writing over its successor's state once another agent took the interview over", async () => {
  const user = await signUpUser(stack.auth.host, 'Mary Jackson');
  const start = await readContract(
    await postStartInterview(stack.web.url, { idToken: user.idToken, body: '{}' }),
    startInterviewResponse,
  );
  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  await candidate.publishMicrophone();
  await candidate.waitForAgentTurns(1, 90_000);
  const [stale] = candidate.agents();
  // A successor took the interview over (as after a partition that made this agent look gone).
  expect(
    await stack.db.interviews.takeOverLease(
      start.interview_id,
      stale?.identity ?? '',
      'agent-successor',
      600_000,
    ),
  ).toBe(true);
  const before = await stack.db.interviews.get(start.interview_id);

  // The stale agent still hears an answer and saves it: that write must not land.
  await candidate.sayAndWaitForReply(
    await candidateSpeech('A backend engineer role, five years of experience.'),
  );
  await until(
    'the stale agent to leave',
    async () => candidate.agents().some((agent) => agent.identity === stale?.identity),
    (present) => !present,
    45_000,
  );
  const after = await stack.db.interviews.get(start.interview_id);
  expect(after?.phase).toBe(before?.phase);
  expect(after?.state).toEqual(before?.state);
  // The successor here is made up (not in the room): the agent the webhook sends next may take it over.
  expect(after?.agentLeaseHolder).not.toBe(stale?.identity);
  expect(stack.agentLog.some((line) => line.includes('agent lease lost to another job'))).toBe(true);
  await candidate.leave();
});

it('sends no new agent after Noah gave up on an unreachable model: the candidate resumes by hand', async () => {
  const { start, candidate } = await interviewAtBackgroundQuestion('Hedy Lamarr');
  const [connection] = stack.emulator.sessions
    .filter((session) => JSON.stringify(session.received).includes('candidate named Hedy'))
    .slice(-1);
  stack.emulator.setFaults({ quotaExceeded: true });
  try {
    connection?.drop();
    const gaveUp = await until(
      'the agent to say it lost the model',
      async () =>
        candidate.agents().find((agent) => agent.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS),
      (agent) => agent !== undefined,
      90_000,
    );
    await until(
      'the agent to leave',
      async () => candidate.agents().some((agent) => agent.identity === gaveUp?.identity),
      (present) => !present,
      60_000,
    );
    // Without the rule the webhook dispatches within ~1 s and the new job joins within a few: give it 15 s.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    expect(candidate.agents()).toHaveLength(0);
    expect(
      stack.web.logs.some((line) => line.includes(start.room_name) && line.includes('dispatched again')),
    ).toBe(false);
    expect(
      stack.web.logs.some((line) => line.includes(start.room_name) && line.includes('losing the model')),
    ).toBe(true);
  } finally {
    stack.emulator.setFaults({});
  }
  await candidate.leave();
});
