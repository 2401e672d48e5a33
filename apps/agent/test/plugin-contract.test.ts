import type { AddressInfo } from 'node:net';
import { initializeLogger } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import {
  type GeminiLiveEmulator,
  type SessionRecord,
  startGeminiLiveEmulator,
} from '@rehearse/gemini-live-emulator';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginContractProblem, serveUnhealthy } from '../src/plugin-contract.ts';
import {
  type ConnectLimits,
  type ReconnectHooks,
  ResilientRealtimeModel,
} from '../src/resilient-realtime-model.ts';

/**
 * The behaviours resilient-realtime-model.ts and live-connect.ts rely on, driven through the real
 * agents-plugin-google RealtimeSession against the real Gemini Live emulator: a plugin upgrade that
 * changes any of them (not only a renamed method) fails here.
 */
type Session = ReturnType<ResilientRealtimeModel['session']>;

const FAST_LIMITS: ConnectLimits = { attemptTimeoutMs: 1_000, attempts: 3, firstBackoffMs: 100 };
const SAMPLE_RATE = 16_000;
const FRAME_SAMPLES = 320; // 20 ms

let emulator: GeminiLiveEmulator;
const open: Session[] = [];

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'fatal' });
  emulator = await startGeminiLiveEmulator({
    latency: { realtimeFactor: 0, firstResponseMs: 0 },
    logger: pino({ level: 'silent' }),
  });
});

afterEach(async () => {
  emulator.setFaults({});
  await Promise.all(open.splice(0).map((session) => session.close()));
});

afterAll(async () => {
  await emulator?.close();
});

interface Observed {
  reconnects: string[];
  failedAttempts: Array<{ attempt: number; reason: string }>;
  gaveUp: string[];
  errors: unknown[];
}

type ModelOptions = ConstructorParameters<typeof ResilientRealtimeModel>[0];

function openSession(
  limits = FAST_LIMITS,
  options: ModelOptions = {},
): { session: Session; observed: Observed; model: ResilientRealtimeModel } {
  const observed: Observed = { reconnects: [], failedAttempts: [], gaveUp: [], errors: [] };
  const hooks: ReconnectHooks = {
    onReconnect: (reason) => observed.reconnects.push(reason),
    onConnectAttemptFailed: (attempt, reason) => observed.failedAttempts.push({ attempt, reason }),
    onGiveUp: (reason) => observed.gaveUp.push(reason),
  };
  const model = new ResilientRealtimeModel(
    {
      apiKey: 'contract',
      httpOptions: { baseUrl: emulator.baseUrl },
      instructions: 'You are Noah.',
      ...options,
    },
    hooks,
    limits,
  );
  const session = model.session();
  session.on('error', (event) => observed.errors.push(event));
  open.push(session);
  return { session, observed, model };
}

async function eventually<T>(what: string, read: () => T, done: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const setUp = (record: SessionRecord | undefined) =>
  record?.sent.some((message) => 'setupComplete' in message) ?? false;

/** Bytes of input audio a connection received (the emulator records `data` as "<N bytes>"). */
function audioBytesReceived(record: SessionRecord | undefined): number {
  let bytes = 0;
  for (const message of record?.received ?? []) {
    const data = (message as { realtimeInput?: { audio?: { data?: string } } }).realtimeInput?.audio?.data;
    bytes += Number(/^<(\d+) bytes>$/.exec(data ?? '')?.[1] ?? 0);
  }
  return bytes;
}

/**
 * A connection that is set up and has had a turn: the plugin drops the resumption handle sent with
 * setupComplete (it arrives before the session is assigned), so only a turn's handle can resume.
 */
async function connected(options: ModelOptions = {}) {
  const before = emulator.sessions.length;
  const { session, observed, model } = openSession(FAST_LIMITS, options);
  const [record] = (await emulator.waitForSessions(before + 1)).slice(before);
  if (!record) throw new Error('no connection');
  void session.generateReply('Greet the candidate named Ada.').catch(() => undefined);
  await eventually(
    'a resumption handle after a turn',
    () => record.sent.filter((message) => 'sessionResumptionUpdate' in message).length,
    (handles) => handles >= 2,
  );
  return { session, observed, record, model };
}

function pushSilence(session: Session, seconds: number): void {
  for (let i = 0; i < (seconds * SAMPLE_RATE) / FRAME_SAMPLES; i++)
    session.pushAudio(new AudioFrame(new Int16Array(FRAME_SAMPLES), SAMPLE_RATE, 1, FRAME_SAMPLES));
}

/** A loud tone, which the emulator's voice activity detection takes for speech. */
function pushTone(session: Session, seconds: number): void {
  for (let i = 0; i < (seconds * SAMPLE_RATE) / FRAME_SAMPLES; i++) {
    const samples = new Int16Array(FRAME_SAMPLES).map((_, n) => Math.round(8000 * Math.sin(n / 5)));
    session.pushAudio(new AudioFrame(samples, SAMPLE_RATE, 1, FRAME_SAMPLES));
  }
}

describe('the plugin behaviours the reconnect hook relies on (agents-plugin-google 1.9)', () => {
  it('boots: a plugin RealtimeSession can be built and hooked without the network', async () => {
    expect(await pluginContractProblem()).toBeUndefined();
  });

  it('a failed check is served as health 503 with the reason', async () => {
    const server = await serveUnhealthy('127.0.0.1', 0, 'RealtimeSession.handleGoAway is missing');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('RealtimeSession.handleGoAway is missing');
    } finally {
      server.close();
    }
  });

  it('an abnormal close reaches the hook (emitError) and reconnects with the resumption handle, no error', async () => {
    const { observed, record } = await connected();
    const before = emulator.sessions.length;
    record.drop();
    const resumed = await eventually(
      'a resumed connection',
      () => emulator.sessions.slice(before).find(setUp),
      (found) => found !== undefined,
    );
    expect(resumed?.resumedFromHandle).toBeDefined();
    expect(observed.reconnects).toEqual(['abnormal close 1006']);
    expect(observed.errors).toEqual([]);
  });

  it('goAway goes through handleGoAway to a resumed connection', async () => {
    const { observed, record } = await connected();
    const before = emulator.sessions.length;
    record.goAway(5_000);
    const resumed = await eventually(
      'a resumed connection',
      () => emulator.sessions.slice(before).find(setUp),
      (found) => found !== undefined,
    );
    expect(resumed?.resumedFromHandle).toBeDefined();
    expect(observed.reconnects).toEqual(['goAway']);
  });

  it('audio pushed during a reconnect is held (bounded to the latest 30 s), kept across a failed attempt, and sent on the new connection', async () => {
    const { session, observed, record } = await connected();
    const before = emulator.sessions.length;
    emulator.queueFaults({ dropOnSetup: true });
    emulator.queueFaults({ setupDelayMs: 300 });
    record.drop();
    await eventually(
      'the reconnect',
      () => observed.reconnects.length,
      (n) => n === 1,
    );
    pushSilence(session, 40);
    const next = await eventually(
      'a connection that is set up',
      () => emulator.sessions.slice(before).find(setUp),
      (found) => found !== undefined,
    );
    const heldBytes = 30 * SAMPLE_RATE * 2;
    await eventually(
      'the held audio on the new connection',
      () => audioBytesReceived(next),
      (bytes) => bytes >= heldBytes,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(audioBytesReceived(next)).toBe(heldBytes);
    expect(observed.failedAttempts.map(({ attempt }) => attempt)).toEqual([1]);
    expect(observed.reconnects).toEqual(['abnormal close 1006']);
    expect(observed.gaveUp).toEqual([]);
  });

  it('"I\'m done": endUserTurn sends audioStreamEnd on the connected Live session, which ends the turn at once', async () => {
    // 3 s of silence would end the turn; the quiet-wire fallback comes 300 ms after that.
    const thinkingLong = {
      realtimeInputConfig: { automaticActivityDetection: { silenceDurationMs: 3_000 } },
    };
    const { session, record, model } = await connected(thinkingLong);
    pushTone(session, 0.5);
    pushSilence(session, 0.3);
    await eventually(
      'the candidate speaking at the model',
      () => record.userSpeech.map(({ event }) => event).join(),
      (events) => events === 'start',
    );
    const pressedAt = performance.now();
    expect(model.endUserTurn()).toBe(true);
    await eventually(
      'the end of the turn',
      () => record.userSpeech.map(({ event }) => event).join(),
      (events) => events === 'start,end',
      1_000,
    );
    expect((record.userSpeech[1]?.at ?? Number.POSITIVE_INFINITY) - pressedAt).toBeLessThan(1_000);
    expect(record.received).toContainEqual({ realtimeInput: { audioStreamEnd: true } });
  });

  it('endUserTurn ends nothing while the session is reconnecting', async () => {
    const { observed, record, model } = await connected();
    emulator.queueFaults({ setupDelayMs: 2_000 });
    record.drop();
    await eventually(
      'the reconnect',
      () => observed.reconnects.length,
      (n) => n === 1,
    );
    expect(model.endUserTurn()).toBe(false);
  });

  it.each([
    ['quota exhausted', { quotaExceeded: true }, /closed before setup: 1011/],
    ['an unreachable endpoint', { refuseConnection: true }, /closed before setup: 1006/],
    ['a setup that never completes', { setupDelayMs: 60_000 }, /no setupComplete within 1000 ms/],
  ])(
    '%s on every attempt: bounded attempts, then the hook gives up and the session closes',
    async (_what, faults, reason) => {
      emulator.setFaults(faults);
      const { observed } = openSession();
      await eventually(
        'the give-up',
        () => observed.gaveUp.length,
        (n) => n === 1,
      );
      expect(observed.failedAttempts.map(({ attempt }) => attempt)).toEqual([1, 2, 3]);
      for (const { reason: failure } of observed.failedAttempts) expect(failure).toMatch(reason);
      expect(observed.gaveUp[0]).toMatch(/^3 connection attempts failed/);
      expect(observed.errors).toEqual([]);
    },
  );
});
