import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose, RpcError } from '@livekit/rtc-node';
import type { SessionRecord } from '@rehearse/gemini-live-emulator';
import { DONE_SPEAKING_RPC_METHOD, type ThinkingTime } from '@rehearse/interview';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant, speechEndSample } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * Turn-taking with the real agent (docs/turn-taking.md): the interview's thinking time reaches Gemini Live's
 * turn detection (here the emulator, whose voice activity detection is timed by the audio itself), and the
 * "I'm done" RPC ends the candidate's turn at once.
 */
const scenarioFile = join(import.meta.dirname, 'scenarios/turn-taking.json');
const SAMPLE_RATE = 48_000;
const THINKING_PAUSE_MS = 2_000;
/** Like a browser's: the microphone sends all the time, silence between lines, from a short queue. */
const OPEN_MICROPHONE = { open: true, queueMs: 100 };

let stack: Stack;
let firstPart: Int16Array;
let secondPart: Int16Array;
let answer: Int16Array;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({ scenarioFile });
  firstPart = spoken(await candidateSpeech('I would start with the database.'));
  secondPart = spoken(await candidateSpeech('Then I would put a cache in front of it.'));
  answer = spoken(await candidateSpeech('I would shard the keys by their hash.'));
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

/** The speech only, without the trailing silence: the open microphone sends silence after it anyway. */
function spoken(samples: Int16Array): Int16Array {
  return samples.subarray(0, speechEndSample(samples));
}

const ms = (samples: Int16Array) => (samples.length / SAMPLE_RATE) * 1000;

/**
 * A candidate with `thinkingTime` who has heard Noah's greeting; and their Gemini Live connections (the ones
 * opened after they joined: the tests here run one after another, and the plugin may reconnect).
 */
async function greeted(name: string, thinkingTime: ThinkingTime) {
  const candidate = await newCandidate(stack, name, { thinkingTime });
  const before = stack.emulator.sessions.length;
  const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
  await user.publishMicrophone(OPEN_MICROPHONE);
  await user.waitForAgentTurns(1);
  // The greeting's last audio still arrives after Noah's state says he listens: let it play out.
  await until(
    'the greeting to have played out',
    async () => performance.now() - (user.lastSoundAt ?? 0),
    (quietMs) => quietMs > 1_000,
  );
  const model = { connections: () => stack.emulator.sessions.slice(before) };
  return { user, model, candidate };
}

type ModelConnections = { connections: () => readonly SessionRecord[] };

/** The silence each connection was set up with. */
const silencesSetUp = (model: ModelConnections) =>
  model.connections().map(
    (connection) =>
      (
        connection.setup as {
          realtimeInputConfig?: { automaticActivityDetection?: { silenceDurationMs?: number } };
        }
      ).realtimeInputConfig?.automaticActivityDetection?.silenceDurationMs,
  );

/** The candidate's speech as the model's voice activity detection saw it, in order. */
const userSpeech = (model: ModelConnections) =>
  model
    .connections()
    .flatMap((connection) => connection.userSpeech)
    .sort((a, b) => a.at - b.at);
const speechEvents = (model: ModelConnections) => userSpeech(model).map(({ event }) => event);

/** Says the answer with a thinking pause in the middle; returns when its first part ended and its end. */
async function answerWithThinkingPause(user: RtcParticipant) {
  const line = new Int16Array(
    firstPart.length + (THINKING_PAUSE_MS / 1000) * SAMPLE_RATE + secondPart.length,
  );
  line.set(firstPart);
  line.set(secondPart, line.length - secondPart.length);
  const startedAt = performance.now();
  const endedAt = await user.speakTimingItsEnd(line);
  // The line starts within the microphone's short queue; its parts follow one another in real time.
  const pauseFrom = endedAt - ms(secondPart) - THINKING_PAUSE_MS;
  return { startedAt, pauseFrom, pauseUntil: pauseFrom + THINKING_PAUSE_MS, endedAt };
}

describe('turn-taking: thinking time and "I\'m done", with the real agent', () => {
  it('with the long thinking time, a 2 s thinking pause does not end the answer: Noah waits for its end', async () => {
    const { user, model } = await greeted('Barbara', 'long');
    expect(new Set(silencesSetUp(model))).toEqual(new Set([3_000]));

    const spokenAnswer = await answerWithThinkingPause(user);
    const replyAt = await user.waitForSoundAfter(spokenAnswer.startedAt, 15_000);
    expect(replyAt).toBeDefined();
    console.info(
      `long thinking time: Noah's reply began ${Math.round((replyAt ?? 0) - spokenAnswer.endedAt)} ms after the answer's end`,
    );
    // One turn for the whole answer, and nothing said before it ended: not in the pause, not as it ended.
    expect(speechEvents(model)).toEqual(['start', 'end']);
    expect(replyAt).toBeGreaterThan(spokenAnswer.endedAt + 2_500);
    await user.leave();
  });

  it('with the short thinking time, the same pause ends the answer: Noah speaks in it', async () => {
    const { user, model } = await greeted('Edsger', 'short');
    expect(new Set(silencesSetUp(model))).toEqual(new Set([800]));

    const spokenAnswer = await answerWithThinkingPause(user);
    const replyAt = await user.waitForSoundAfter(spokenAnswer.startedAt, 15_000);
    console.info(
      `short thinking time: Noah's reply began ${Math.round((replyAt ?? 0) - spokenAnswer.pauseFrom)} ms into the ${THINKING_PAUSE_MS} ms pause`,
    );
    // The pause ended the first turn; the answer's second part is a new one (it interrupts Noah).
    const events = await until(
      'both parts heard as turns',
      async () => speechEvents(model),
      (seen) => seen.length >= 4,
    );
    expect(events).toEqual(['start', 'end', 'start', 'end']);
    expect(userSpeech(model)[1]?.at).toBeLessThan(spokenAnswer.pauseUntil);
    // He cut in: his reply began before the answer was over (how far into the pause depends on the load).
    expect(replyAt).toBeLessThan(spokenAnswer.endedAt);
    await user.leave();
  });

  it('"I\'m done" by RPC ends the answer at once: Noah replies well before the long thinking time would let him', async () => {
    const { user, model, candidate } = await greeted('Grace', 'long');
    const [agent] = user.agents();
    if (!agent || !user.room.localParticipant) throw new Error('no agent in the room');
    const local = user.room.localParticipant;
    const call = (payload: string) =>
      local.performRpc({ destinationIdentity: agent.identity, method: DONE_SPEAKING_RPC_METHOD, payload });

    // A payload that is not an empty object is refused, and ends nothing.
    const refused = await call('{"thinking":"none"}').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe(400);

    const endedAt = await user.speakTimingItsEnd(answer);
    await sleep(300); // the candidate finishes, then presses the button
    const pressedAt = performance.now();
    expect(JSON.parse(await call('{}'))).toEqual({ ended: true });
    const replyAt = await user.waitForSoundAfter(endedAt, 10_000);
    expect(replyAt).toBeDefined();
    const replyMs = (replyAt ?? 0) - endedAt;
    console.info(
      `"I'm done" ${Math.round(pressedAt - endedAt)} ms after the answer: Noah's reply began ${Math.round(replyMs)} ms after the answer's end (${Math.round((replyAt ?? 0) - pressedAt)} ms after the press); the long thinking time is 3000 ms`,
    );
    expect(replyMs).toBeLessThan(2_000);
    expect(model.connections().flatMap((connection) => connection.received)).toContainEqual({
      realtimeInput: { audioStreamEnd: true },
    });
    expect(speechEvents(model)).toEqual(['start', 'end']);
    const logged = stack.agentLog.filter(
      (line) => line.includes('candidate says they are done speaking') && line.includes(candidate.roomName),
    );
    expect(logged).toHaveLength(1);
    await user.leave();
  });
});
