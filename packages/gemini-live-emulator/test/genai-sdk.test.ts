import { type FunctionDeclaration, type LiveServerMessage, Modality, Type } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import {
  apiKey,
  audioParts,
  connectSdk,
  quietLogger,
  sendSpeech,
  testScenario,
  transcript,
  userSpeech,
} from './helpers.ts';

const saveNote: FunctionDeclaration = {
  name: 'save_note',
  description: 'Saves a note about the candidate.',
  parameters: {
    type: Type.OBJECT,
    properties: { note: { type: Type.STRING }, level: { type: Type.NUMBER } },
  },
};

const audioConfig = {
  responseModalities: [Modality.AUDIO],
  speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
  systemInstruction: 'You interview a candidate named Grace.',
  inputAudioTranscription: {},
  outputAudioTranscription: {},
  tools: [{ functionDeclarations: [saveNote] }],
  realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 500 } },
};

const isTurnComplete = (message: LiveServerMessage) => message.serverContent?.turnComplete === true;

describe('Gemini Live emulator with the real @google/genai client', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    emulator = await startGeminiLiveEmulator({
      scenario: testScenario,
      apiKeys: [apiKey],
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('answers setup with setupComplete and records what the client sent', async () => {
    const connection = await connectSdk(emulator.baseUrl, audioConfig);
    const record = emulator.sessions.at(-1);
    expect(record?.api).toBe('gemini');
    expect(record?.apiVersion).toBe('v1beta');
    expect(record?.path).toBe(
      '//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent',
    );
    expect(record?.model).toBe('gemini-2.5-flash-native-audio-preview-12-2025');
    expect(record?.setup).toMatchObject({
      model: 'models/gemini-2.5-flash-native-audio-preview-12-2025',
      generationConfig: { responseModalities: ['AUDIO'] },
      tools: [{ functionDeclarations: [{ name: 'save_note' }] }],
    });
    expect(record?.sent[0]).toEqual({ setupComplete: {} });
    connection.session.close();
    const closed = await connection.closed;
    expect(closed.code).toBe(1000);
  });

  it('speaks a greeting for an instruction, filling the name from the instruction text', async () => {
    const connection = await connectSdk(emulator.baseUrl, audioConfig);
    connection.session.sendClientContent({
      turns: [{ role: 'user', parts: [{ text: 'Greet the candidate named Ada.' }] }],
      turnComplete: true,
    });
    await connection.next(isTurnComplete);
    const audio = audioParts(connection.messages);
    expect(audio.length).toBeGreaterThan(2);
    for (const part of audio) {
      expect(part.mimeType).toBe('audio/pcm;rate=24000');
      expect(Buffer.from(part.data ?? '', 'base64').length % 2).toBe(0);
    }
    expect(transcript(connection.messages, 'outputTranscription')).toBe(
      'Hello Ada, welcome to the practice interview.',
    );
    const kinds = connection.messages.map((message) => Object.keys(message.serverContent ?? {})[0]);
    expect(kinds.indexOf('generationComplete')).toBeGreaterThan(kinds.lastIndexOf('modelTurn'));
    expect(kinds.at(-1)).toBe('turnComplete');
    const last = connection.messages.at(-1);
    expect(last?.usageMetadata?.responseTokensDetails?.[0]?.modality).toBe('AUDIO');
    expect(last?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    connection.session.close();
  });

  it('takes a spoken turn: transcripts both ways and a tool call round trip', async () => {
    const connection = await connectSdk(emulator.baseUrl, audioConfig);
    connection.session.sendClientContent({ turns: 'Start now.', turnComplete: true });
    await connection.next(isTurnComplete);
    const afterGreeting = connection.messages.length;

    await sendSpeech(connection.session, await userSpeech('I am ready to begin.'));
    const call = await connection.next((message) => message.toolCall !== undefined, 15_000, afterGreeting);
    expect(transcript(connection.messages.slice(afterGreeting), 'inputTranscription')).toBe(
      'I am ready to begin.',
    );
    const functionCall = call.toolCall?.functionCalls?.[0];
    // No name in the instruction, so the name comes from the system instruction.
    expect(functionCall).toMatchObject({ name: 'save_note', args: { note: 'Grace is ready', level: 3 } });
    expect(functionCall?.id).toMatch(/^function-call-\d+$/);

    const afterCall = connection.messages.length;
    connection.session.sendToolResponse({
      functionResponses: [{ id: functionCall?.id, name: 'save_note', response: { status: 'saved' } }],
    });
    await connection.next(isTurnComplete, 15_000, afterCall);
    expect(transcript(connection.messages.slice(afterCall), 'outputTranscription')).toBe(
      'Your note is saved.',
    );
    expect(audioParts(connection.messages.slice(afterCall)).length).toBeGreaterThan(0);

    const record = emulator.sessions.at(-1);
    expect(record?.received.some((message) => 'toolResponse' in message)).toBe(true);
    expect(record?.received.filter((message) => 'realtimeInput' in message).length).toBeGreaterThan(10);
    connection.session.close();
  });

  it('answers text with text when TEXT is the response modality', async () => {
    const connection = await connectSdk(emulator.baseUrl, { responseModalities: [Modality.TEXT] });
    connection.session.sendRealtimeInput({ text: 'Hello, the candidate named Linus is here.' });
    await connection.next(isTurnComplete);
    const text = connection.messages
      .flatMap((message) => message.serverContent?.modelTurn?.parts ?? [])
      .map((part) => part.text ?? '')
      .join('');
    expect(text).toBe('Hello Linus, welcome to the practice interview.');
    expect(audioParts(connection.messages)).toHaveLength(0);
    connection.session.close();
  });

  it('follows manual activity signals and refuses them under automatic detection', async () => {
    const manual = await connectSdk(emulator.baseUrl, {
      ...audioConfig,
      realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
    });
    manual.session.sendClientContent({ turns: 'Hi.', turnComplete: true });
    await manual.next(isTurnComplete);
    const afterGreeting = manual.messages.length;
    manual.session.sendRealtimeInput({ activityStart: {} });
    await sendSpeech(manual.session, await userSpeech('I am ready to begin.'));
    manual.session.sendRealtimeInput({ activityEnd: {} });
    const call = await manual.next((message) => message.toolCall !== undefined, 15_000, afterGreeting);
    expect(call.toolCall?.functionCalls?.[0]?.name).toBe('save_note');
    manual.session.close();

    const automatic = await connectSdk(emulator.baseUrl, audioConfig);
    automatic.session.sendRealtimeInput({ activityStart: {} });
    const closed = await automatic.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toContain('automatic activity detection');
  });

  it('closes with 1007 on an unknown message field, like the real service', async () => {
    const connection = await connectSdk(emulator.baseUrl, audioConfig);
    const record = emulator.sessions.at(-1);
    // The SDK cannot produce a bad message, so send one over its socket the way a broken client would.
    (connection.session as unknown as { conn: { send(data: string): void } }).conn.send('{"bogus":{}}');
    const closed = await connection.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toContain('Unknown name "bogus"');
    expect(await record?.waitForClose()).toMatchObject({ code: 1007, initiator: 'server' });
  });
});
