import { type LiveServerMessage, Modality } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, type ScenarioInput, startGeminiLiveEmulator } from '../src/index.ts';
import { apiKey, connectSdk, quietLogger, sendSpeech, userSpeech } from './helpers.ts';

/**
 * Turn-taking as the agent's thinking-time setting and its "I'm done" use it (docs/turn-taking.md), through
 * the real @google/genai client: `silenceDurationMs` decides whether a thinking pause ends the candidate's
 * turn, and `audioStreamEnd` ends it at once. The emulator's VAD is timed by the audio itself, so the
 * pauses below are exact whatever the machine's load.
 */
const scenario: ScenarioInput = {
  version: 1,
  name: 'turn-taking',
  turns: [{ id: 'answer', on: 'speech', steps: [{ say: 'Thank you.' }] }],
  fallback: { steps: [{ say: 'Go on.' }] },
};

const SAMPLE_BYTES_PER_MS = 32; // 16 kHz PCM16
const silence = (ms: number) => Buffer.alloc(ms * SAMPLE_BYTES_PER_MS);
const isTurnComplete = (message: LiveServerMessage) => message.serverContent?.turnComplete === true;

const config = (silenceDurationMs: number) => ({
  responseModalities: [Modality.AUDIO],
  outputAudioTranscription: {},
  realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs } },
});

describe('turn-taking in the Gemini Live emulator, with the real @google/genai client', () => {
  let emulator: GeminiLiveEmulator;
  let answerWithPause: Buffer;

  beforeAll(async () => {
    emulator = await startGeminiLiveEmulator({
      scenario,
      apiKeys: [apiKey],
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
    // An answer with a 2 s thinking pause in the middle.
    answerWithPause = Buffer.concat([
      await userSpeech('I would start with the database.', 0),
      silence(2_000),
      await userSpeech('Then I would add a cache in front of it.', 0),
    ]);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  async function speakWithPause(silenceDurationMs: number) {
    const connection = await connectSdk(emulator.baseUrl, config(silenceDurationMs));
    const record = emulator.sessions.at(-1);
    await sendSpeech(connection.session, Buffer.concat([answerWithPause, silence(silenceDurationMs + 500)]));
    await connection.next(isTurnComplete);
    connection.session.close();
    return record?.userSpeech.map((entry) => entry.event);
  }

  it('waits through a 2 s thinking pause when silenceDurationMs is 3 s: one turn', async () => {
    expect(await speakWithPause(3_000)).toEqual(['start', 'end']);
  });

  it('ends the turn at the 2 s pause when silenceDurationMs is 0.8 s (or 1.5 s): two turns', async () => {
    expect(await speakWithPause(800)).toEqual(['start', 'end', 'start', 'end']);
    expect(await speakWithPause(1_500)).toEqual(['start', 'end', 'start', 'end']);
  });

  it('ends the turn on audioStreamEnd at once, long before the silence would, and answers it', async () => {
    const connection = await connectSdk(emulator.baseUrl, config(3_000));
    const record = emulator.sessions.at(-1);
    // The answer and half a second of silence: far less than the 3 s that would end the turn.
    await sendSpeech(connection.session, Buffer.concat([await userSpeech('That is all.', 0), silence(500)]));
    expect(record?.userSpeech.map((entry) => entry.event)).toEqual(['start']);

    const sentAt = performance.now();
    connection.session.sendRealtimeInput({ audioStreamEnd: true });
    await connection.next(isTurnComplete);
    expect(record?.userSpeech.map((entry) => entry.event)).toEqual(['start', 'end']);
    expect((record?.userSpeech[1]?.at ?? Number.POSITIVE_INFINITY) - sentAt).toBeLessThan(500);
    const said = connection.messages.map((message) => message.serverContent?.outputTranscription?.text ?? '');
    expect(said.join('')).toBe('Thank you.');

    // Audio after it opens the stream again: the next answer is heard and ends by silence as usual.
    const before = connection.messages.length;
    await sendSpeech(
      connection.session,
      Buffer.concat([await userSpeech('One more thing.', 0), silence(3_500)]),
    );
    await connection.next(isTurnComplete, 15_000, before);
    expect(record?.userSpeech.map((entry) => entry.event)).toEqual(['start', 'end', 'start', 'end']);
    connection.session.close();
  });

  it('ignores audioStreamEnd when nobody is speaking', async () => {
    const connection = await connectSdk(emulator.baseUrl, config(800));
    const record = emulator.sessions.at(-1);
    await sendSpeech(connection.session, silence(500));
    connection.session.sendRealtimeInput({ audioStreamEnd: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(record?.userSpeech).toEqual([]);
    expect(connection.messages.filter(isTurnComplete)).toEqual([]);
    connection.session.close();
  });
});
