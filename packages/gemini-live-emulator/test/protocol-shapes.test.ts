import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import { apiKey, model, quietLogger, testScenario, withTimeout } from './helpers.ts';

/**
 * Message shapes as seen in js-genai's recorded traffic with the real service
 * (test/system/recordings/live_*.websocket.log), written out by hand.
 */
const geminiPath = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const vertexPath = '/ws/google.cloud.aiplatform.v1beta1.LlmBidiService/BidiGenerateContent';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RawClient {
  messages: Record<string, unknown>[];
  binaryFrames: boolean[];
  send(message: unknown): void;
  until(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  socket: WebSocket;
}

function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const socket = new WebSocket(url, { headers });
  const messages: Record<string, unknown>[] = [];
  const binaryFrames: boolean[] = [];
  const listeners = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('message', (data, isBinary) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    binaryFrames.push(isBinary);
    for (const listener of listeners) listener();
  });
  const client: RawClient = {
    messages,
    binaryFrames,
    socket,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    until: (predicate) =>
      withTimeout(
        new Promise((resolve) => {
          const check = () => {
            const found = messages.find(predicate);
            if (found) {
              listeners.delete(check);
              resolve(found);
            }
          };
          listeners.add(check);
          check();
        }),
        15_000,
        'raw message',
      ),
  };
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`HTTP ${response.statusCode}`)),
      );
      socket.once('error', reject);
    }),
    5_000,
    'open',
  );
}

const tools = [
  {
    functionDeclarations: [
      { name: 'save_note', description: 'Saves a note', parameters: { type: 'OBJECT', properties: {} } },
    ],
  },
];

describe('message shapes match the real service recordings', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    emulator = await startGeminiLiveEmulator({
      scenario: testScenario,
      apiKeys: [apiKey, 'vertex-token'],
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('Gemini API, TEXT modality: setupComplete {}, text parts, generationComplete, turnComplete + usageMetadata', async () => {
    const client = await openRaw(`${emulator.url}/${geminiPath}?key=${apiKey}`);
    client.send({ setup: { model: `models/${model}`, generationConfig: { responseModalities: ['TEXT'] } } });
    client.send({
      clientContent: {
        turns: [{ parts: [{ text: 'Hello, candidate named Alan' }], role: 'user' }],
        turnComplete: true,
      },
    });
    await client.until(
      (message) => (message.serverContent as { turnComplete?: boolean })?.turnComplete === true,
    );
    const [setup, ...rest] = client.messages;
    expect(setup).toEqual({ setupComplete: {} });
    const texts = rest.slice(0, -2);
    for (const message of texts) {
      expect(message).toEqual({ serverContent: { modelTurn: { parts: [{ text: expect.any(String) }] } } });
    }
    expect(rest.at(-2)).toEqual({ serverContent: { generationComplete: true } });
    expect(rest.at(-1)).toEqual({
      serverContent: { turnComplete: true },
      usageMetadata: {
        promptTokenCount: expect.any(Number),
        responseTokenCount: expect.any(Number),
        totalTokenCount: expect.any(Number),
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: expect.any(Number) }],
        responseTokensDetails: [{ modality: 'TEXT', tokenCount: expect.any(Number) }],
      },
    });
    // JSON arrives in binary frames, as from the real service (browsers see Blobs).
    expect(client.binaryFrames.every(Boolean)).toBe(true);
    client.socket.close();
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
  });

  it('Gemini API, AUDIO modality: 24 kHz inline audio and transcription chunks with leading spaces', async () => {
    const client = await openRaw(`${emulator.url}/${geminiPath}?key=${apiKey}`);
    client.send({
      setup: {
        model: `models/${model}`,
        generationConfig: { responseModalities: ['AUDIO'] },
        outputAudioTranscription: {},
      },
    });
    client.send({
      clientContent: { turns: [{ parts: [{ text: 'Hi' }], role: 'user' }], turnComplete: true },
    });
    await client.until(
      (message) => (message.serverContent as { turnComplete?: boolean })?.turnComplete === true,
    );
    const audio = client.messages.filter((message) => JSON.stringify(message).includes('inlineData'));
    for (const message of audio) {
      expect(message).toEqual({
        serverContent: {
          modelTurn: {
            parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: expect.any(String) } }],
          },
        },
      });
    }
    const pieces = client.messages.flatMap((message) => {
      const text = (message.serverContent as { outputTranscription?: { text: string } })?.outputTranscription
        ?.text;
      return text === undefined ? [] : [text];
    });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0]?.startsWith(' ')).toBe(false);
    for (const piece of pieces.slice(1)) expect(piece.startsWith(' ')).toBe(true);
    client.socket.close(1000);
    expect((await client.closed).code).toBe(1000);
  });

  it('Gemini API tool call: function-call-<digits> ids', async () => {
    const client = await openRaw(`${emulator.url}/${geminiPath}?key=${apiKey}`);
    const manual = { automaticActivityDetection: { disabled: true } };
    client.send({ setup: { model: `models/${model}`, tools, realtimeInputConfig: manual } });
    client.send({
      clientContent: { turns: [{ parts: [{ text: 'Hi' }], role: 'user' }], turnComplete: true },
    });
    await client.until(
      (message) => (message.serverContent as { turnComplete?: boolean })?.turnComplete === true,
    );
    // Manual activity with no audio in between still counts as a spoken user turn.
    client.send({ realtimeInput: { activityStart: {} } });
    client.send({ realtimeInput: { activityEnd: {} } });
    const call = await client.until((message) => 'toolCall' in message);
    expect(call).toEqual({
      toolCall: {
        functionCalls: [
          {
            name: 'save_note',
            args: { note: 'friend is ready', level: 3 },
            id: expect.stringMatching(/^function-call-\d{19,20}$/),
          },
        ],
      },
    });
    client.socket.close();
  });

  it('Vertex AI: bearer auth, setupComplete with a sessionId, role "model" turns, uuid call ids', async () => {
    const client = await openRaw(`${emulator.url}${vertexPath}`, { Authorization: 'Bearer vertex-token' });
    client.send({
      setup: {
        model: `projects/p/locations/us-central1/publishers/google/models/gemini-live-2.5-flash-native-audio`,
        generationConfig: { responseModalities: ['AUDIO'] },
        tools,
        realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
      },
    });
    client.send({
      clientContent: { turns: [{ role: 'user', parts: [{ text: 'Hi' }] }], turnComplete: true },
    });
    await client.until(
      (message) => (message.serverContent as { turnComplete?: boolean })?.turnComplete === true,
    );
    expect(client.messages[0]).toEqual({ setupComplete: { sessionId: expect.stringMatching(uuid) } });
    expect(client.messages[1]).toEqual({
      serverContent: {
        modelTurn: {
          role: 'model',
          parts: [{ inlineData: { mimeType: 'audio/pcm', data: expect.any(String) } }],
        },
      },
    });
    expect(client.messages.at(-1)).toMatchObject({
      usageMetadata: {
        candidatesTokenCount: expect.any(Number),
        candidatesTokensDetails: [{ modality: 'AUDIO' }],
      },
    });
    client.send({ realtimeInput: { activityStart: {} } });
    client.send({ realtimeInput: { activityEnd: {} } });
    const call = await client.until((message) => 'toolCall' in message);
    expect(call).toEqual({
      toolCall: {
        functionCalls: [{ name: 'save_note', args: expect.any(Object), id: expect.stringMatching(uuid) }],
      },
    });
    // Vertex tool responses carry no id; the emulator matches them by name.
    client.send({
      toolResponse: { functionResponses: [{ name: 'save_note', response: { status: 'kept' } }] },
    });
    const spoken = await client.until(
      (message) =>
        client.messages.indexOf(message) > client.messages.indexOf(call) && 'serverContent' in message,
    );
    expect(JSON.stringify(spoken)).toContain('inlineData');
    expect(emulator.sessions.at(-1)?.api).toBe('vertex');
    client.socket.close();
  });

  it('refuses a Vertex handshake without a bearer token, and unknown paths, at the HTTP level', async () => {
    await expect(openRaw(`${emulator.url}${vertexPath}`)).rejects.toThrow('HTTP 401');
    await expect(openRaw(`${emulator.url}/ws/something.else?key=${apiKey}`)).rejects.toThrow('HTTP 404');
  });

  it('answers a close frame without a status code with 1000', async () => {
    const client = await openRaw(`${emulator.url}/${geminiPath}?key=${apiKey}`);
    client.send({ setup: { model: `models/${model}` } });
    await client.until((message) => 'setupComplete' in message);
    client.socket.close();
    expect((await client.closed).code).toBe(1000);
  });

  it('can send generationComplete right after a toolCall, as some models do', async () => {
    const quirky = await startGeminiLiveEmulator({
      scenario: testScenario,
      generationCompleteAfterToolCall: true,
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
    try {
      const client = await openRaw(`${quirky.url}/${geminiPath}?key=${apiKey}`);
      client.send({
        setup: {
          model: `models/${model}`,
          tools,
          realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
        },
      });
      client.send({
        clientContent: { turns: [{ parts: [{ text: 'Hi' }], role: 'user' }], turnComplete: true },
      });
      await client.until(
        (message) => (message.serverContent as { turnComplete?: boolean })?.turnComplete === true,
      );
      client.send({ realtimeInput: { activityStart: {} } });
      client.send({ realtimeInput: { activityEnd: {} } });
      const call = await client.until((message) => 'toolCall' in message);
      await client.until((message) => client.messages.indexOf(message) > client.messages.indexOf(call));
      expect(client.messages[client.messages.indexOf(call) + 1]).toEqual({
        serverContent: { generationComplete: true },
      });
      client.socket.close();
    } finally {
      await quirky.close();
    }
  });
});
