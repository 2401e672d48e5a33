import { join } from 'node:path';
import { dispose, ParticipantKind, RoomEvent } from '@livekit/rtc-node';
import type { EmulatorFaults, SessionRecord } from '@rehearse/gemini-live-emulator';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS, PROGRESS_ATTRIBUTES } from '@rehearse/interview';
import { joinToken, newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({
    scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json'),
    // The emulator sets up in milliseconds: a short deadline keeps the "setup never completes" case quick.
    agentEnv: { GEMINI_CONNECT_TIMEOUT_MS: '3000' },
  });
});

afterEach(() => stack?.emulator.setFaults({}));

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

type Candidate = Awaited<ReturnType<typeof newCandidate>>;

const PROFILE_ANSWER = 'A backend engineer role, five years of experience.';
/** Generous: a reconnect gives up after a few attempts with backoff, on a busy machine. */
const TOLD_WITHIN_MS = 90_000;
/** An interview, a fault, a give-up and a second start: more than the suite's default. */
const CASE_TIMEOUT_MS = 300_000;

const sessionsFor = (name: string) =>
  stack.emulator.sessions.filter((session) =>
    JSON.stringify(session.received).includes(`candidate named ${name}`),
  );

/** Joins, hears the greeting and answers it: the interview is then at the background question. */
async function interviewAtBackgroundQuestion(displayName: string) {
  const candidate = await newCandidate(stack, displayName);
  const user = await joinWithStatusLog(candidate.token);
  await user.participant.publishMicrophone();
  await user.participant.waitForAgentTurns(1);
  await user.participant.sayAndWaitForReply(await candidateSpeech(PROFILE_ANSWER));
  await until(
    'the profile saved',
    () => stack.db.interviews.get(candidate.sessionId),
    (row) => row?.phase === 'background',
  );
  return { candidate, user };
}

/** A candidate who also notes when the agent said the model was lost (the agent leaves right after). */
async function joinWithStatusLog(token: string) {
  const participant = await RtcParticipant.join(stack.livekit.url, token);
  const status: { modelLostAt?: number } = {};
  participant.room.on(RoomEvent.ParticipantAttributesChanged, (_changed, who) => {
    if (who.kind !== ParticipantKind.AGENT) return;
    if (who.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS) status.modelLostAt ??= Date.now();
  });
  return { participant, status };
}

/** The candidate is told, the agent leaves, and nothing they said is lost. */
async function expectToldAndSaved(
  user: Awaited<ReturnType<typeof joinWithStatusLog>>,
  candidate: Candidate,
  faultAt: number,
  phase: string,
) {
  await until(
    'the candidate to be told Noah lost his connection',
    async () => user.status.modelLostAt,
    (at) => at !== undefined,
    TOLD_WITHIN_MS,
  );
  const toldAfterMs = (user.status.modelLostAt ?? 0) - faultAt;
  await until(
    'the agent to leave the room',
    async () => user.participant.agents().length,
    (agents) => agents === 0,
    30_000,
  );
  const row = await stack.db.interviews.get(candidate.sessionId);
  expect(row?.phase).toBe(phase);
  return { toldAfterMs, row };
}

/** The next start (as start-interview does: a new room session, a new agent) resumes at the same question. */
async function resumeOnNextStart(
  candidate: Candidate,
  displayName: string,
  user: Awaited<ReturnType<typeof joinWithStatusLog>>,
) {
  await user.participant.leave();
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET);
  await rooms.deleteRoom(candidate.roomName).catch(() => undefined);
  const connectionsBefore = stack.emulator.sessions.length;
  const startedAt = Date.now();
  const again = await RtcParticipant.join(
    stack.livekit.url,
    await joinToken(candidate.uid, candidate.roomName, displayName, candidate.sessionId),
  );
  await again.publishMicrophone();
  await again.waitForAgentTurns(1, 90_000);
  const resumedAfterMs = Date.now() - startedAt;
  const agent = await again.waitForAgent(
    (attributes) => attributes[PROGRESS_ATTRIBUTES.phase] !== undefined,
    'the progress of the resumed interview',
  );
  const opening = JSON.stringify(stack.emulator.sessions.slice(connectionsBefore).map((s) => s.received));
  await again.leave();
  return { resumedAfterMs, opening, phase: agent.attributes[PROGRESS_ATTRIBUTES.phase] };
}

const measured: Record<string, { toldAfterMs: number; resumedAfterMs: number }> = {};
afterAll(() => console.info('model failures, measured (ms):', JSON.stringify(measured)));

describe('the model connection never leaves Noah silent', () => {
  // [what happens, the candidate's first name, the fault on every new connection, how the live one breaks]
  const gaveUp: Array<[string, string, EmulatorFaults, (session: SessionRecord) => void]> = [
    [
      'quota exhausted on the reconnect after a socket drop',
      'Grace',
      { quotaExceeded: true },
      (s) => s.drop(),
    ],
    [
      'quota exhausted on the reconnect after a goAway',
      'Ada',
      { quotaExceeded: true },
      (s) => s.goAway(1_000),
    ],
    ['the endpoint unreachable on the reconnect', 'Barbara', { refuseConnection: true }, (s) => s.drop()],
    [
      'every reconnect dropped before its setup completes',
      'Margaret',
      { dropOnSetup: true },
      (s) => s.drop(),
    ],
    ['a reconnect whose setup never completes', 'Katherine', { setupDelayMs: 600_000 }, (s) => s.drop()],
  ];

  it.each(gaveUp)(
    '%s: the candidate is told, progress is saved, the next start resumes',
    async (name, firstName, faults, breakConnection) => {
      const displayName = `${firstName} Model`;
      const { candidate, user } = await interviewAtBackgroundQuestion(displayName);
      const [connection] = sessionsFor(firstName).slice(-1);
      stack.emulator.setFaults(faults);
      const faultAt = Date.now();
      if (connection) breakConnection(connection);

      const { toldAfterMs } = await expectToldAndSaved(user, candidate, faultAt, 'background');
      const transcript = await stack.db.transcript.listForSession(candidate.sessionId);
      expect(transcript.map((turn) => turn.role)).toEqual(expect.arrayContaining(['agent', 'user']));

      stack.emulator.setFaults({});
      const resumed = await resumeOnNextStart(candidate, displayName, user);
      expect(resumed.opening).toContain('already in progress');
      expect(resumed.phase).toBe('background');
      expect((await stack.db.interviews.get(candidate.sessionId))?.phase).toBe('background');
      measured[name] = { toldAfterMs, resumedAfterMs: resumed.resumedAfterMs };
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'quota exhausted from the very first connection: the candidate is told, the next start greets',
    async () => {
      stack.emulator.setFaults({ quotaExceeded: true });
      const candidate = await newCandidate(stack, 'Hedy Lamarr');
      const faultAt = Date.now();
      const user = await joinWithStatusLog(candidate.token);
      await user.participant.publishMicrophone();
      const { toldAfterMs } = await expectToldAndSaved(user, candidate, faultAt, 'profile');
      expect(user.participant.agentTurnsSpoken).toBe(0);

      stack.emulator.setFaults({});
      const resumed = await resumeOnNextStart(candidate, 'Hedy Lamarr', user);
      expect(resumed.opening).toContain('candidate named Hedy');
      measured['quota from the first connection'] = { toldAfterMs, resumedAfterMs: resumed.resumedAfterMs };
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a second drop during the reconnect: the next attempt succeeds and the interview carries on',
    async () => {
      const { candidate, user } = await interviewAtBackgroundQuestion('Alan Kay');
      const [connection] = sessionsFor('Alan').slice(-1);
      const connectionsBefore = stack.emulator.sessions.length;
      stack.emulator.queueFaults({ dropOnSetup: true });
      connection?.drop();
      await until(
        'a reconnect after the one dropped during setup',
        async () => stack.emulator.sessions.slice(connectionsBefore),
        (sessions) => sessions.some((session) => session.sent.some((message) => 'setupComplete' in message)),
        60_000,
      );
      await user.participant.sayAndWaitForReply(await candidateSpeech('I build payment systems.'), 90_000);
      await until(
        'the background answer over the new connection',
        () => stack.db.interviews.get(candidate.sessionId),
        (row) => row?.phase === 'questions',
      );
      expect(user.status.modelLostAt).toBeUndefined();
      await user.participant.leave();
    },
    CASE_TIMEOUT_MS,
  );
});
