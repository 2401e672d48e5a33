import { type LiveServerMessage, Modality, Type } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import {
  apiKey,
  audioParts,
  connectSdk,
  quietLogger,
  sendSpeech,
  testScenario,
  userSpeech,
} from './helpers.ts';

const config = {
  responseModalities: [Modality.AUDIO],
  inputAudioTranscription: {},
  outputAudioTranscription: {},
  sessionResumption: {},
  tools: [
    { functionDeclarations: [{ name: 'save_note', parameters: { type: Type.OBJECT, properties: {} } }] },
  ],
  realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 500 } },
};

const isTurnComplete = (message: LiveServerMessage) => message.serverContent?.turnComplete === true;
const latestHandle = (messages: readonly LiveServerMessage[]) =>
  messages.findLast((message) => message.sessionResumptionUpdate?.newHandle)?.sessionResumptionUpdate
    ?.newHandle;

describe('barge-in, goAway and session resumption', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    // Real-time pacing, so the model is still talking when the user speaks over it.
    emulator = await startGeminiLiveEmulator({
      scenario: testScenario,
      apiKeys: [apiKey],
      latency: { realtimeFactor: 1, firstResponseMs: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('stops talking and reports interrupted when the user speaks over the model', async () => {
    const connection = await connectSdk(emulator.baseUrl, config);
    const record = emulator.sessions.at(-1);
    // Skip ahead to the long answer: greet, then the tool turn.
    connection.session.sendClientContent({ turns: 'Hi.', turnComplete: true });
    await connection.next(isTurnComplete);
    await sendSpeech(connection.session, await userSpeech('I am ready to begin.'));
    const call = await connection.next((message) => message.toolCall !== undefined);
    const afterCall = connection.messages.length;
    connection.session.sendToolResponse({
      functionResponses: [{ id: call.toolCall?.functionCalls?.[0]?.id, name: 'save_note', response: {} }],
    });
    await connection.next(isTurnComplete, 20_000, afterCall);
    const beforeLong = connection.messages.length;
    connection.session.sendClientContent({ turns: 'Go on.', turnComplete: true });
    await connection.next((message) => message.serverContent?.modelTurn !== undefined, 15_000, beforeLong);

    await sendSpeech(connection.session, await userSpeech('Sorry, can I stop you there?'));
    const interrupted = await connection.next(
      (message) => message.serverContent?.interrupted === true,
      15_000,
      beforeLong,
    );
    const interruptedAt = connection.messages.indexOf(interrupted);
    expect(connection.messages[interruptedAt + 1]?.serverContent?.turnComplete).toBe(true);
    // The long answer was cut short: nothing of it follows the interruption, and it never finished.
    const longTurn = connection.messages.slice(beforeLong, interruptedAt);
    expect(longTurn.some((message) => message.serverContent?.generationComplete)).toBe(false);
    expect(audioParts(longTurn).length).toBeGreaterThan(0);
    expect(record?.sent.some((message) => JSON.stringify(message).includes('"interrupted":true'))).toBe(true);
    connection.session.close();
  });

  it('sends goAway with timeLeft, closes with 1011, and resumes the conversation from a handle', async () => {
    const first = await connectSdk(emulator.baseUrl, {
      ...config,
      systemInstruction: 'A candidate named Edsger.',
    });
    const firstRecord = emulator.sessions.at(-1);
    first.session.sendClientContent({ turns: 'Greet them.', turnComplete: true });
    await first.next(isTurnComplete);
    const handle = latestHandle(first.messages);
    expect(handle).toBeTruthy();

    firstRecord?.goAway(300);
    const goAway = await first.next((message) => message.goAway !== undefined);
    expect(goAway.goAway?.timeLeft).toBe('0.3s');
    const closed = await first.closed;
    expect(closed.code).toBe(1011);
    expect(closed.reason).toBe('Deadline expired before operation could complete.');

    const second = await connectSdk(emulator.baseUrl, { ...config, sessionResumption: { handle } });
    const secondRecord = emulator.sessions.at(-1);
    expect(secondRecord?.resumedFromHandle).toBe(handle);
    // The resumed conversation continues with the next scripted turn, and remembers the name.
    await sendSpeech(second.session, await userSpeech('I am ready to begin.'));
    const call = await second.next((message) => message.toolCall !== undefined);
    expect(call.toolCall?.functionCalls?.[0]?.args).toMatchObject({ note: 'Edsger is ready' });
    second.session.close();
  });

  it('refuses an unknown resumption handle with 1007', async () => {
    await expect(
      connectSdk(emulator.baseUrl, { ...config, sessionResumption: { handle: 'no-such-handle' } }),
    ).rejects.toThrow(/closed before setupComplete: 1007/);
  });

  it('cancels pending tool calls when the user speaks while the model waits for them', async () => {
    const connection = await connectSdk(emulator.baseUrl, config);
    connection.session.sendClientContent({ turns: 'Hi.', turnComplete: true });
    await connection.next(isTurnComplete);
    await sendSpeech(connection.session, await userSpeech('I am ready to begin.'));
    const call = await connection.next((message) => message.toolCall !== undefined);
    await sendSpeech(connection.session, await userSpeech('Actually, wait.'));
    const cancellation = await connection.next((message) => message.toolCallCancellation !== undefined);
    expect(cancellation.toolCallCancellation?.ids).toEqual([call.toolCall?.functionCalls?.[0]?.id]);
    connection.session.close();
  });

  it('a completed client turn during a reply interrupts it and gets its own reply', async () => {
    const connection = await connectSdk(emulator.baseUrl, config);
    connection.session.sendClientContent({ turns: 'Hi.', turnComplete: true });
    await connection.next((message) => message.serverContent?.modelTurn !== undefined);
    connection.session.sendClientContent({ turns: 'Stop, please.', turnComplete: true });
    const interrupted = await connection.next((message) => message.serverContent?.interrupted === true);
    const from = connection.messages.indexOf(interrupted);
    expect(connection.messages[from + 1]?.serverContent?.turnComplete).toBe(true);
    // The next scripted turn expects speech, so the instruction gets the fallback line.
    await connection.next(isTurnComplete, 15_000, from + 2);
    expect(
      connection.messages
        .slice(from + 2)
        .map((message) => message.serverContent?.outputTranscription?.text ?? '')
        .join(''),
    ).toBe('Could you repeat that?');
    connection.session.close();
  });
});
