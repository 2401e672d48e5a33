import { initializeLogger, llm } from '@livekit/agents';
import * as google from '@livekit/agents-plugin-google';
import { AudioFrame } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import { apiKey, chunks, quietLogger, testScenario, userSpeech, withTimeout } from './helpers.ts';

type RealtimeSession = ReturnType<google.realtime.RealtimeModel['session']>;

/** Reads a generation's text and audio the way AgentActivity does. */
async function collect(
  generation: llm.GenerationCreatedEvent,
): Promise<{ text: string; samples: number; rates: Set<number> }> {
  let text = '';
  let samples = 0;
  const rates = new Set<number>();
  for await (const message of generation.messageStream) {
    await Promise.all([
      (async () => {
        for await (const piece of message.textStream) text += piece;
      })(),
      (async () => {
        for await (const frame of message.audioStream) {
          samples += frame.samplesPerChannel;
          rates.add(frame.sampleRate);
        }
      })(),
    ]);
  }
  return { text, samples, rates };
}

function nextEvent<T>(
  session: RealtimeSession,
  name: string,
  predicate: (event: T) => boolean = () => true,
): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const listener = (event: T) => {
        if (!predicate(event)) return;
        session.off(name as never, listener as never);
        resolve(event);
      };
      session.on(name as never, listener as never);
    }),
    20_000,
    `waiting for ${name}`,
  );
}

async function speak(session: RealtimeSession, text: string): Promise<void> {
  for (const chunk of chunks(await userSpeech(text), 20)) {
    const samples = new Int16Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length));
    session.pushAudio(new AudioFrame(samples, 16_000, 1, samples.length));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Gemini Live emulator with the real LiveKit Google realtime plugin', () => {
  let emulator: GeminiLiveEmulator;
  let model: google.realtime.RealtimeModel;
  let session: RealtimeSession;
  const errors: unknown[] = [];

  beforeAll(async () => {
    initializeLogger({ pretty: false, level: 'warn' });
    emulator = await startGeminiLiveEmulator({
      scenario: testScenario,
      apiKeys: [apiKey],
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
    model = new google.realtime.RealtimeModel({
      apiKey,
      httpOptions: { baseUrl: emulator.baseUrl },
      instructions: 'You are Noah, an interviewer.',
      voice: 'Puck',
    });
    session = model.session();
    session.on('error', (event) => errors.push(event));
    await session.updateTools(
      new llm.ToolContext({
        save_note: llm.tool({
          description: 'Saves a note about the candidate.',
          parameters: {
            type: 'object',
            properties: { note: { type: 'string' }, level: { type: 'number' } },
            required: ['note'],
          },
          execute: async () => ({ status: 'saved' }),
        }),
      }),
    );
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('connects with the tools declared and greets by name on generateReply', async () => {
    const generation = await withTimeout(
      session.generateReply('Greet the candidate named Ada.'),
      15_000,
      'generateReply',
    );
    expect(generation.userInitiated).toBe(true);
    const reply = await collect(generation);
    expect(reply.text).toBe('Hello Ada, welcome to the practice interview.');
    expect(reply.samples).toBeGreaterThan(24_000);
    expect([...reply.rates]).toEqual([24_000]);
    const record = emulator.sessions.at(-1);
    expect(record?.setup).toMatchObject({
      generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } } },
      systemInstruction: { parts: [{ text: 'You are Noah, an interviewer.' }] },
      tools: [{ functionDeclarations: [{ name: 'save_note' }] }],
      inputAudioTranscription: {},
      outputAudioTranscription: {},
    });
    expect(record?.received).toContainEqual({
      clientContent: {
        turns: [
          { parts: [{ text: 'Greet the candidate named Ada.' }], role: 'model' },
          { parts: [{ text: '.' }], role: 'user' },
        ],
        turnComplete: true,
      },
    });
  });

  it('hears speech, transcribes it, calls a tool and speaks the tool result', async () => {
    const generationCreated = nextEvent<llm.GenerationCreatedEvent>(session, 'generation_created');
    const finalTranscript = nextEvent<llm.InputTranscriptionCompleted>(
      session,
      'input_audio_transcription_completed',
      (event) => event.isFinal,
    );
    await speak(session, 'I am ready to begin.');
    const generation = await generationCreated;
    const calls: llm.FunctionCall[] = [];
    for await (const call of generation.functionStream) calls.push(call);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe('save_note');
    expect(JSON.parse(calls[0]?.args ?? '{}')).toEqual({ note: 'Ada is ready', level: 3 });
    expect((await finalTranscript).transcript).toBe('I am ready to begin.');

    const reply = nextEvent<llm.GenerationCreatedEvent>(session, 'generation_created');
    const call = calls[0] as llm.FunctionCall;
    const chatCtx = session.chatCtx;
    chatCtx.items.push(
      call,
      llm.FunctionCallOutput.create({
        callId: call.callId,
        name: call.name,
        output: JSON.stringify({ status: 'saved' }),
        isError: false,
      }),
    );
    await session.updateChatCtx(chatCtx);
    const spoken = await collect(await reply);
    expect(spoken.text).toBe('Your note is saved.');
    const record = emulator.sessions.at(-1);
    expect(record?.received.find((message) => 'toolResponse' in message)).toEqual({
      toolResponse: {
        functionResponses: [
          { id: call.callId, name: 'save_note', response: { output: '{"status":"saved"}' } },
        ],
      },
    });
  });

  it('reconnects on goAway with its resumption handle and carries on without an error', async () => {
    const before = emulator.sessions.at(-1);
    before?.goAway(5_000);
    const [resumed] = (await emulator.waitForSessions(emulator.sessions.length + 1)).slice(-1);
    await resumed?.waitForSent((message) => 'setupComplete' in message);
    expect(resumed?.resumedFromHandle).toBeTruthy();
    expect((await before?.waitForClose())?.initiator).toBe('client');

    const generationCreated = nextEvent<llm.GenerationCreatedEvent>(session, 'generation_created');
    await speak(session, 'Tell me more.');
    const reply = await collect(await generationCreated);
    expect(reply.text).toMatch(/^This is a long answer/);
    expect(errors).toEqual([]);
  });

  it('closes cleanly when the plugin closes: the server answers 1000, the plugin reports no error', async () => {
    const record = emulator.sessions.at(-1);
    await session.close();
    expect((await record?.waitForClose())?.initiator).toBe('client');
    expect(errors).toEqual([]);
  });
});

describe('LiveKit plugin: barge-in and refusals', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    initializeLogger({ pretty: false, level: 'fatal' });
    // Real-time pacing so the model is still talking when the user speaks.
    emulator = await startGeminiLiveEmulator({
      scenario: {
        ...testScenario,
        turns: [
          { ...testScenario.turns[2], id: 'long', on: 'any', steps: testScenario.turns[2]?.steps ?? [] },
        ],
      },
      apiKeys: [apiKey],
      latency: { realtimeFactor: 1, firstResponseMs: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function openSession(): RealtimeSession {
    return new google.realtime.RealtimeModel({
      apiKey,
      httpOptions: { baseUrl: emulator.baseUrl },
    }).session();
  }

  it('user speech over the reply makes the server interrupt it, and the plugin sees speech start', async () => {
    const session = openSession();
    try {
      const generation = await withTimeout(
        session.generateReply('Say something long.'),
        15_000,
        'generateReply',
      );
      const record = emulator.sessions.at(-1);
      await record?.waitForSent((message) => JSON.stringify(message).includes('inlineData'));
      const speechStarted = nextEvent(session, 'input_speech_started');
      await speak(session, 'Sorry, can I stop you there?');
      await speechStarted;
      await record?.waitForSent(
        (message) => JSON.stringify(message) === '{"serverContent":{"interrupted":true}}',
      );
      const reply = await collect(generation);
      // Far less than the whole answer (which is over ten seconds) was sent.
      expect(reply.samples).toBeLessThan(24_000 * 10);
    } finally {
      await session.close();
    }
  });

  it('a quota refusal reaches the plugin as a non-recoverable 1011 error', async () => {
    emulator.queueFaults({ quotaExceeded: true });
    const session = openSession();
    try {
      const error = await nextEvent<llm.RealtimeModelError>(session, 'error');
      expect(error.recoverable).toBe(false);
      expect((error.error as { statusCode?: number }).statusCode).toBe(1011);
      expect(error.error.message).toContain('exceeded your current quota');
    } finally {
      await session.close();
    }
  });
});
