import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { processGroupCommandLines } from '@rehearse/test-stack/process-group';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

const scenarioFile = join(import.meta.dirname, 'scenarios/one-question.json');
let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  // A short lease renews every second: what happens to it once the interview is completed shows at once.
  stack = await startAgentStack({ scenarioFile, agentEnv: { AGENT_LEASE_TTL_MS: '3000' } });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

const stateOf = async (sessionId: string) => (await stack.db.interviews.get(sessionId))?.state ?? {};

describe('Noah, the interview agent, against the real stack', () => {
  it('runs no local inference process beside its jobs (Gemini Live detects turns; see apps/agent/without)', async () => {
    const commands = await until(
      'the idle job process',
      async () => processGroupCommandLines(stack.agent.pid),
      (lines) => lines.some((line) => line.includes('job_proc_lazy_main')),
    );
    expect(commands.filter((line) => line.includes('inference_proc'))).toEqual([]);
  });

  it('greets the candidate by name, hears real speech, and stores the scored answer', async () => {
    const candidate = await newCandidate(stack, 'Ada Lovelace');
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();

    await user.waitForAgentTurns(1);
    expect(user.framesWithSoundHeard()).toBeGreaterThan(50);
    const greeting = await until(
      'the greeting in the transcript',
      () => stack.db.transcript.listForSession(candidate.sessionId),
      (turns) => turns.some((turn) => turn.role === 'agent'),
    );
    expect(greeting.find((turn) => turn.role === 'agent')?.text).toMatch(/^Hello Ada, I'm Noah/);
    const [generateReply] = await until(
      'the greeting instruction at the model',
      async () =>
        stack.emulator.sessions.flatMap((session) => session.received).filter((m) => 'clientContent' in m),
      (messages) => messages.length > 0,
    );
    expect(JSON.stringify(generateReply)).toContain('candidate named Ada Lovelace');

    await user.sayAndWaitForReply(
      await candidateSpeech('A backend engineer role, five years of experience.'),
    );
    expect(await stateOf(candidate.sessionId)).toMatchObject({
      phase: 'background',
      profile: { name: 'Ada' },
    });
    await user.sayAndWaitForReply(await candidateSpeech('I build payment systems.'));
    await user.sayAndWaitForReply(await candidateSpeech('I led a payments migration that halved failures.'));

    const answers = await until(
      'the answer to question 1',
      () => stack.db.answers.listForSession(candidate.sessionId),
      (rows) => rows.length === 2,
    );
    const [background, question] = answers;
    expect(background?.questionId).toBe('background');
    expect(question?.questionText.length).toBeGreaterThan(10);
    expect(question?.scores).toEqual([
      { competency: 'ownership', score: 4, evidence: 'Led the migration and measured the result.' },
      { competency: 'technical_depth', score: 3, evidence: 'Named the design, few details.' },
    ]);
    const interview = await stack.db.interviews.get(candidate.sessionId);
    expect(interview).toMatchObject({ status: 'active', phase: 'wrap_up' });
    const agent = await user.waitForAgent((a) => a['rehearse.phase'] === 'wrap_up', 'progress attributes');
    expect(agent.attributes).toMatchObject({ 'rehearse.total_questions': '1', 'rehearse.answered': '1' });

    await user.sayAndWaitForReply(await candidateSpeech('No, thank you.'));
    const finished = await until(
      'the report',
      () => stack.db.interviews.get(candidate.sessionId),
      (row) => row?.status === 'completed',
    );
    expect(finished?.report).toMatchObject({
      strengths: ['Owns results'],
      improvements: ['Add technical detail'],
    });
    const transcript = await stack.db.transcript.listForSession(candidate.sessionId);
    expect(transcript.filter((turn) => turn.role === 'user').map((turn) => turn.text)).toContain(
      'I led a payments migration that halved failures.',
    );

    // Noah stays for his closing words: completing the interview is not losing the room to another agent.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const departures = stack.agentLog.filter(
      (line) => line.includes(candidate.roomName) && /lease lost|job finished/.test(line),
    );
    expect(departures).toEqual([]);
    await user.leave();
  });

  it('greets a candidate who talks over the start in full, and hears them once the greeting is done', async () => {
    const sessionsBefore = stack.emulator.sessions.length;
    const candidate = await newCandidate(stack, 'Grace Hopper');
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();
    const hello = await candidateSpeech('Hello? Can you hear me? I am ready when you are.');
    await user.waitForAgent(() => true, 'Noah in the room');
    // "Hello? Can you hear me?" as Noah sets up, requests his greeting and starts speaking it: a model that heard
    // it would end the greeting at once (Gemini Live interrupts its turn when the user speaks) and answer it.
    await user.speak(hello);
    await user.speak(hello);
    await user.waitForAgentTurns(1);

    const modelTurns = stack.emulator.sessions.slice(sessionsBefore).flatMap((session) => session.sent);
    expect(modelTurns.filter((message) => JSON.stringify(message).includes('"interrupted":true'))).toEqual(
      [],
    );
    const agentTurns = await until(
      'the greeting in the transcript',
      () => stack.db.transcript.listForSession(candidate.sessionId),
      (turns) => turns.some((turn) => turn.role === 'agent'),
    );
    expect(agentTurns.find((turn) => turn.role === 'agent')?.text).toBe(
      "Hello Grace, I'm Noah. Which role are you preparing for?",
    );

    // Then Noah listens: the candidate's answer moves the interview on.
    await user.sayAndWaitForReply(await candidateSpeech('A backend engineer role.'));
    expect(await stateOf(candidate.sessionId)).toMatchObject({ phase: 'background' });
    await user.leave();
  });
});
