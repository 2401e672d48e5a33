import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { FALLBACK_GREETING } from '@rehearse/interview';
import { joinToken, newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({ scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json') });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

/** Generous bounds: the agent answers in seconds, but this 2-core machine is shared and often loaded. */
const TURN_MS = 120_000;
const TEST_MS = 420_000;
const PROFILE = 'A backend engineer role, five years of experience.';
const BACKGROUND = 'I build payment systems.';

const rowOf = (sessionId: string) => stack.db.interviews.get(sessionId).catch(() => null);
const transcriptOf = (sessionId: string) => stack.db.transcript.listForSession(sessionId);
/** Every message the model received on the connections opened since the `since`-th, as JSON text. */
const receivedSince = (since: number) =>
  stack.emulator.sessions
    .slice(since)
    .flatMap((session) => session.received)
    .map((message) => JSON.stringify(message))
    .join('\n');

/** A candidate who has answered the background question: phase questions, one answer stored. */
async function candidateAtFirstQuestion(name: string) {
  const candidate = await newCandidate(stack, name);
  const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
  await user.publishMicrophone();
  await user.waitForAgentTurns(1, TURN_MS);
  await user.sayAndWaitForReply(await candidateSpeech(PROFILE), TURN_MS);
  await user.sayAndWaitForReply(await candidateSpeech(BACKGROUND), TURN_MS);
  await until(
    'phase questions with the background answer',
    () => rowOf(candidate.sessionId),
    (row) => row?.phase === 'questions',
    TURN_MS,
  );
  return { candidate, user };
}

describe('what the agent stores survives bad input, a database outage and a killed job', () => {
  it(
    'sets aside nothing and blocks nothing when the transcription of what the candidate said carries a NUL',
    async () => {
      // Set before the agent connects: each model connection takes the faults standing when it opens.
      stack.emulator.setFaults({ transcriptNoise: '\u0000' });
      try {
        const connectionsBefore = stack.emulator.sessions.length;
        const candidate = await newCandidate(stack, 'Niklaus Wirth');
        const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
        await user.publishMicrophone();
        await user.waitForAgentTurns(1, TURN_MS);
        await user.sayAndWaitForReply(await candidateSpeech(PROFILE), TURN_MS);

        const sent = stack.emulator.sessions.slice(connectionsBefore).flatMap((session) => session.sent);
        expect(JSON.stringify(sent)).toContain('\\u0000'); // the model really sent the NUL to the agent
        const row = await until(
          'the profile written after the transcribed line',
          () => rowOf(candidate.sessionId),
          (r) => r?.phase === 'background',
          TURN_MS,
        );
        expect(row?.state).toMatchObject({ profile: { targetRole: 'software_engineer' } });
        const transcript = await until(
          'every line, the transcribed one included',
          () => transcriptOf(candidate.sessionId),
          (turns) =>
            turns.some((turn) => turn.role === 'user') && turns.filter((t) => t.role === 'agent').length >= 2,
          TURN_MS,
        );
        expect(transcript.find((turn) => turn.role === 'user')?.text).toMatch(/^A backend engineer role/);
        expect(transcript.some((turn) => turn.text.includes('\u0000'))).toBe(false);
        expect(await stack.db.failedWrites.listForSession(candidate.sessionId)).toEqual([]);
        expect(stack.agentLog.filter((line) => line.includes('invalid byte sequence'))).toEqual([]);
        await user.leave();
      } finally {
        stack.emulator.setFaults({});
      }
    },
    TEST_MS,
  );

  it(
    'never overwrites saved progress when the database is down as a resumed interview starts',
    async () => {
      const { candidate, user } = await candidateAtFirstQuestion('Barbara Liskov');
      const saved = await rowOf(candidate.sessionId);
      await user.leave();
      const rooms = new RoomServiceClient(stack.livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET);
      await rooms.deleteRoom(candidate.roomName);
      const newRoom = `${candidate.roomName}-resumed`;
      expect(
        await stack.db.interviews.moveToRoom(candidate.sessionId, candidate.roomName, newRoom),
      ).not.toBeNull();

      const connectionsBefore = stack.emulator.sessions.length;
      await stack.stopDatabase();
      const back = await RtcParticipant.join(
        stack.livekit.url,
        await joinToken(candidate.uid, newRoom, 'Barbara Liskov', candidate.sessionId),
      );
      await back.publishMicrophone();
      await back.waitForAgentTurns(1, TURN_MS);
      expect(receivedSince(connectionsBefore)).toContain(FALLBACK_GREETING.slice(0, 40));
      // The fresh start goes on while the database is away: the model saves a profile again.
      await back.sayAndWaitForReply(await candidateSpeech(PROFILE), TURN_MS);
      const turnsBeforeRestart = back.agentTurnsSpoken;
      await stack.restartDatabase();
      const restartedAt = Date.now();

      const phases: (string | undefined)[] = [];
      await until(
        'the agent to continue from the saved question',
        async () => {
          phases.push((await rowOf(candidate.sessionId))?.phase);
          return receivedSince(connectionsBefore);
        },
        (instructions) => instructions.includes('reconnected to an interview already in progress'),
        TURN_MS,
      );
      process.stderr.write(
        `saved progress resumed ${Date.now() - restartedAt} ms after the database came back\n`,
      );
      await back.waitForAgentTurns(turnsBeforeRestart + 1, TURN_MS);
      for (let i = 0; i < 10; i++) {
        phases.push((await rowOf(candidate.sessionId))?.phase);
        await sleep(300);
      }
      expect(phases.filter((phase) => phase !== undefined && phase !== 'questions')).toEqual([]);
      const row = await rowOf(candidate.sessionId);
      expect(row).toMatchObject({ phase: 'questions', questionIndex: 0, state: saved?.state });

      // The candidate answers the background question again: it was already answered, so nothing is stored twice.
      await back.sayAndWaitForReply(await candidateSpeech(BACKGROUND), TURN_MS);
      await sleep(1_000);
      const answers = await stack.db.answers.listForSession(candidate.sessionId);
      expect(answers.map((answer) => answer.questionId)).toEqual(['background']);
      // What was said during the outage is kept: the profile line from both rooms.
      const transcript = await transcriptOf(candidate.sessionId);
      const profileLines = transcript.filter(
        (turn) => turn.role === 'user' && turn.text.includes('backend engineer'),
      );
      expect(profileLines.length).toBe(2);
      await back.leave();
    },
    TEST_MS,
  );

  it(
    'resumes a state from an older question bank at the nearest question instead of starting over',
    async () => {
      const { candidate, user } = await candidateAtFirstQuestion('Donald Knuth');
      await user.leave();
      const rooms = new RoomServiceClient(stack.livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET);
      await rooms.deleteRoom(candidate.roomName);
      const saved = (await rowOf(candidate.sessionId))?.state as { questionIds: string[]; answers: object[] };
      // An older deploy asked a question the bank no longer has, and it was answered.
      const questionIds = ['swe-retired-7', ...saved.questionIds];
      const retiredAnswer = { ...saved.answers[0], questionId: 'swe-retired-7', toolCallId: 'old-call' };
      await stack.db.interviews.updateState(candidate.sessionId, {
        phase: 'questions',
        questionIds,
        questionIndex: 1,
        state: { ...saved, questionIds, questionIndex: 1, answers: [...saved.answers, retiredAnswer] },
      });
      const newRoom = `${candidate.roomName}-resumed`;
      await stack.db.interviews.moveToRoom(candidate.sessionId, candidate.roomName, newRoom);
      const connectionsBefore = stack.emulator.sessions.length;

      const back = await RtcParticipant.join(
        stack.livekit.url,
        await joinToken(candidate.uid, newRoom, 'Donald', candidate.sessionId),
      );
      await back.publishMicrophone();
      await back.waitForAgentTurns(1, TURN_MS);
      const opening = receivedSince(connectionsBefore);
      expect(opening).toContain('reconnected to an interview already in progress');
      expect(opening).toContain('question 1 of 1');
      expect((await rowOf(candidate.sessionId))?.phase).toBe('questions');
      expect(stack.agentLog.some((line) => line.includes('stored state migrated'))).toBe(true);
      const [original] = await until(
        'the state as the older version stored it, kept aside',
        () => stack.db.failedWrites.listForSession(candidate.sessionId),
        (kept) => kept.length > 0,
      );
      expect(original?.kind).toBe('migrated_state');
      expect(original?.payload).toContain('swe-retired-7');
      await back.leave();
    },
    TEST_MS,
  );

  it(
    'loses at most the line in flight when the job process is killed mid-interview',
    async () => {
      const candidate = await newCandidate(stack, 'Alan Kay');
      const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
      await user.publishMicrophone();
      await user.waitForAgentTurns(1, TURN_MS);
      await user.sayAndWaitForReply(await candidateSpeech(PROFILE), TURN_MS);
      await user.sayAndWaitForReply(await candidateSpeech(BACKGROUND), TURN_MS);
      const heard = user.agentTurnsSpoken;
      // The job's own log lines carry its room, its job id and the pid of the process that runs it.
      const jobLine = stack.agentLog.find(
        (line) => line.includes(candidate.roomName) && line.includes('"jobId"') && line.includes('"pid"'),
      );
      const pid = Number(JSON.parse(jobLine ?? '{}').pid);
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGKILL');
      const killedAt = new Date();
      await sleep(2_000);
      const stored = (await transcriptOf(candidate.sessionId)).filter((turn) => turn.createdAt <= killedAt);
      const storedAgentTurns = stored.filter((turn) => turn.role === 'agent').length;
      const lost = heard - storedAgentTurns;
      process.stderr.write(
        `SIGKILL mid-interview: the candidate heard ${heard} agent turns, the database holds ${storedAgentTurns} (lost ${lost})\n`,
      );
      expect(lost).toBeLessThanOrEqual(1);
      expect(stored.filter((turn) => turn.role === 'user').map((turn) => turn.text)).toContain(BACKGROUND);
      await user.leave();
    },
    TEST_MS,
  );
});
