import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { FALLBACK_GREETING } from '@rehearse/interview';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
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

const phaseOf = async (sessionId: string) =>
  (await stack.db.interviews.get(sessionId).catch(() => null))?.phase;
const sessionsFor = (name: string) =>
  stack.emulator.sessions.filter((session) =>
    JSON.stringify(session.received).includes(`candidate named ${name}`),
  );

describe('the interview survives failures', () => {
  it('starts fresh when the database is down, and writes what was said once it is back', async () => {
    const candidate = await newCandidate(stack, 'Barbara Liskov');
    await stack.stopDatabase();
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();
    await user.waitForAgentTurns(1, 90_000);
    const instructions = JSON.stringify(stack.emulator.sessions.at(-1)?.received);
    expect(instructions).toContain(FALLBACK_GREETING.slice(0, 40));

    await user.sayAndWaitForReply(
      await candidateSpeech('A backend engineer role, five years of experience.'),
    );
    await stack.restartDatabase();
    const interview = await until(
      'the queued profile to be written',
      () => stack.db.interviews.get(candidate.sessionId),
      (row) => row?.phase === 'background',
      30_000,
    );
    expect(interview?.state).toMatchObject({
      profile: { targetRole: 'software_engineer', experienceYears: 5 },
    });
    const transcript = await until(
      'the queued transcript',
      () => stack.db.transcript.listForSession(candidate.sessionId),
      (turns) => turns.some((turn) => turn.role === 'user'),
    );
    expect(transcript.map((turn) => turn.role)).toContain('agent');
    expect(stack.agentLog.some((line) => line.includes('could not load the interview; starting fresh'))).toBe(
      true,
    );
    await user.leave();
  });

  it('reconnects a dropped Gemini connection without losing what the candidate said meanwhile', async () => {
    const candidate = await newCandidate(stack, 'Edsger Dijkstra');
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();
    await user.waitForAgentTurns(1);
    const [modelSession] = sessionsFor('Edsger').slice(-1);
    const connectionsBefore = stack.emulator.sessions.length;

    // The connection dies just as the candidate starts answering.
    const speaking = user.speak(await candidateSpeech('A backend engineer role, five years of experience.'));
    await sleep(400);
    modelSession?.drop();
    await speaking;
    await user.waitForAgentTurns(2, 60_000);

    await until(
      'the answer heard over the new connection',
      () => phaseOf(candidate.sessionId),
      (p) => p === 'background',
    );
    const resumed = stack.emulator.sessions.slice(connectionsBefore);
    expect(resumed.some((session) => session.resumedFromHandle !== undefined)).toBe(true);
    expect(stack.agentLog.some((line) => line.includes('Gemini Live connection lost; reconnecting'))).toBe(
      true,
    );
    await user.leave();
  });

  it('follows a goAway to a resumed connection and carries on with the interview', async () => {
    const candidate = await newCandidate(stack, 'Frances Allen');
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();
    await user.waitForAgentTurns(1);
    const connectionsBefore = stack.emulator.sessions.length;
    sessionsFor('Frances').at(-1)?.goAway(5_000);
    await until(
      'the new connection',
      async () => stack.emulator.sessions.length,
      (n) => n > connectionsBefore,
    );

    await user.sayAndWaitForReply(
      await candidateSpeech('A backend engineer role, five years of experience.'),
    );
    await until(
      'the profile',
      () => phaseOf(candidate.sessionId),
      (p) => p === 'background',
    );
    expect(stack.emulator.sessions.at(-1)?.resumedFromHandle).toBeDefined();
    await user.leave();
  });
});
