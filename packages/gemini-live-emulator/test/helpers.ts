import { GoogleGenAI, type LiveConnectConfig, type LiveServerMessage, type Session } from '@google/genai';
import { synthesizeSpeech } from '@rehearse/speech';
import pino from 'pino';
import type { ScenarioInput } from '../src/index.ts';

export const apiKey = 'test-key';
export const model = 'gemini-2.5-flash-native-audio-preview-12-2025';
export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A small script with placeholders, a tool round trip and a long answer for barge-in. */
export const testScenario: ScenarioInput = {
  version: 1,
  name: 'test',
  variables: { name: { pattern: 'candidate named (\\w+)', default: 'friend' } },
  turns: [
    {
      id: 'greet',
      on: 'instruction',
      steps: [{ say: 'Hello {{name}}, welcome to the practice interview.' }],
    },
    {
      id: 'note',
      on: 'speech',
      userTranscript: 'I am ready to begin.',
      steps: [
        { call: [{ name: 'save_note', args: { note: '{{name}} is ready', level: 3 } }] },
        { say: 'Your note is {{tool.save_note.status|unknown}}.' },
      ],
    },
    {
      id: 'long',
      on: 'any',
      userTranscript: 'Tell me more.',
      steps: [
        {
          say: 'This is a long answer that keeps talking for quite a while, so that there is plenty of time for the user to speak over it and interrupt the model before it reaches the end of this rather lengthy sentence.',
        },
      ],
    },
  ],
  fallback: { steps: [{ say: 'Could you repeat that?' }] },
};

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const speechCache = new Map<string, Promise<Buffer>>();

/** The user's words as the client would send them: 16 kHz PCM16 (espeak-ng, female voice), then silence. */
export function userSpeech(text: string, trailingSilenceMs = 1200): Promise<Buffer> {
  let pending = speechCache.get(text);
  if (!pending) {
    pending = synthesizeSpeech(text, { sampleRate: 16_000, voice: 'en-us+f2' }).then((pcm) =>
      Buffer.concat([pcm, Buffer.alloc(Math.round(16 * trailingSilenceMs) * 2)]),
    );
    speechCache.set(text, pending);
  }
  return pending;
}

/** Splits PCM into chunks of `ms` (16 kHz mono PCM16). */
export function* chunks(pcm: Buffer, ms = 50): Generator<Buffer> {
  const size = 16 * ms * 2;
  for (let offset = 0; offset < pcm.length; offset += size) yield pcm.subarray(offset, offset + size);
}

export interface SdkConnection {
  session: Session;
  messages: LiveServerMessage[];
  /** Resolves with the first message (from the start) matching `predicate`. */
  next(
    predicate: (message: LiveServerMessage) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<LiveServerMessage>;
  closed: Promise<CloseEvent>;
}

/** Connects with the real SDK; rejects if the socket closes first, since `live.connect()` never does. */
export async function connectSdk(
  baseUrl: string,
  config: LiveConnectConfig = {},
  options: { key?: string; model?: string; timeoutMs?: number } = {},
): Promise<SdkConnection> {
  const ai = new GoogleGenAI({ apiKey: options.key ?? apiKey, httpOptions: { baseUrl } });
  const messages: LiveServerMessage[] = [];
  const listeners = new Set<() => void>();
  let markClosed: (event: CloseEvent) => void = () => undefined;
  const closed = new Promise<CloseEvent>((resolve) => {
    markClosed = resolve;
  });
  const connecting = ai.live.connect({
    model: options.model ?? model,
    config,
    callbacks: {
      onmessage: (message) => {
        messages.push(message);
        for (const listener of listeners) listener();
      },
      onclose: (event) => markClosed(event),
    },
  });
  const closedFirst = closed.then((event) => {
    throw Object.assign(new Error(`closed before setupComplete: ${event.code} ${event.reason}`), { event });
  });
  const session = await withTimeout(
    Promise.race([connecting, closedFirst]),
    options.timeoutMs ?? 10_000,
    'connect',
  );
  closedFirst.catch(() => undefined);
  return {
    session,
    messages,
    closed,
    next(predicate, timeoutMs = 15_000, from = 0) {
      return withTimeout(
        new Promise<LiveServerMessage>((resolve) => {
          const check = () => {
            const found = messages.slice(from).find(predicate);
            if (!found) return;
            listeners.delete(check);
            resolve(found);
          };
          listeners.add(check);
          check();
        }),
        timeoutMs,
        'waiting for a server message',
      );
    },
  };
}

/** Opens a connection whose setup is expected to be refused; resolves with the close event. */
export async function expectRefusal(
  baseUrl: string,
  options: { key?: string; model?: string },
  config: LiveConnectConfig = {},
): Promise<CloseEvent> {
  try {
    const connection = await connectSdk(baseUrl, config, options);
    connection.session.close();
  } catch (error) {
    const event = (error as { event?: CloseEvent }).event;
    if (event) return event;
    throw error;
  }
  throw new Error('the connection was accepted');
}

export async function sendSpeech(session: Session, pcm: Buffer): Promise<void> {
  for (const chunk of chunks(pcm)) {
    session.sendRealtimeInput({
      audio: { data: chunk.toString('base64'), mimeType: 'audio/pcm;rate=16000' },
    });
    // Yield so the server sees a stream of frames, as from a microphone (not a timing requirement).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function audioParts(messages: readonly LiveServerMessage[]): { mimeType?: string; data?: string }[] {
  return messages.flatMap((message) =>
    (message.serverContent?.modelTurn?.parts ?? []).flatMap((part) =>
      part.inlineData ? [part.inlineData] : [],
    ),
  );
}

export function transcript(
  messages: readonly LiveServerMessage[],
  kind: 'inputTranscription' | 'outputTranscription',
): string {
  return messages.map((message) => message.serverContent?.[kind]?.text ?? '').join('');
}
