import { Modality } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import { apiKey, connectSdk, expectRefusal, quietLogger, testScenario } from './helpers.ts';

const config = { responseModalities: [Modality.AUDIO] };

describe('refusals and injected faults', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    emulator = await startGeminiLiveEmulator({
      scenario: testScenario,
      apiKeys: [apiKey],
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      goAwayLeadMs: 200,
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('refuses a bad API key with close code 1007', async () => {
    const closed = await expectRefusal(emulator.baseUrl, { key: 'wrong-key' });
    expect(closed.code).toBe(1007);
    expect(closed.reason).toBe('API key not valid. Please pass a valid API key.');
  });

  it('refuses an unknown model with close code 1008', async () => {
    const closed = await expectRefusal(emulator.baseUrl, { model: 'gemini-nonexistent-live' });
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^models\/gemini-nonexistent-live is not found for API version v1beta/);
  });

  it('refuses with 1011 when quota is exhausted', async () => {
    emulator.queueFaults({ quotaExceeded: true });
    const closed = await expectRefusal(emulator.baseUrl, {});
    expect(closed.code).toBe(1011);
    expect(closed.reason).toContain('You exceeded your current quota');
  });

  it('drops the connection when setup arrives, before setupComplete (1006)', async () => {
    emulator.queueFaults({ dropOnSetup: true });
    const closed = await expectRefusal(emulator.baseUrl, {});
    expect(closed.code).toBe(1006);
    const record = emulator.sessions.at(-1);
    expect(record?.received.some((message) => 'setup' in message)).toBe(true);
    expect(record?.sent).toEqual([]);
  });

  it('refuses the connection at the upgrade, as an unreachable endpoint does', async () => {
    const sessionsBefore = emulator.sessions.length;
    emulator.queueFaults({ refuseConnection: true });
    const closed = await expectRefusal(emulator.baseUrl, {});
    expect(closed.code).toBe(1006);
    expect(emulator.sessions.length).toBe(sessionsBefore);
  });

  it('delays setupComplete', async () => {
    emulator.queueFaults({ setupDelayMs: 1500 });
    const connecting = connectSdk(emulator.baseUrl, config);
    const [record] = (await emulator.waitForSessions(emulator.sessions.length + 1)).slice(-1);
    await record?.waitForReceived((message) => 'setup' in message);
    expect(record?.sent).toEqual([]);
    const connection = await connecting;
    expect(record?.sent[0]).toEqual({ setupComplete: {} });
    connection.session.close();
  });

  it('drops the connection abnormally (1006, no close frame)', async () => {
    emulator.queueFaults({ dropAfterMs: 0 });
    const connection = await connectSdk(emulator.baseUrl, config);
    const closed = await connection.closed;
    expect(closed.code).toBe(1006);
    expect((await emulator.sessions.at(-1)?.waitForClose())?.initiator).toBe('server');
  });

  it('sends goAway early, then closes when timeLeft runs out', async () => {
    emulator.queueFaults({ goAwayAfterMs: 0 });
    const connection = await connectSdk(emulator.baseUrl, config);
    const goAway = await connection.next((message) => message.goAway !== undefined);
    expect(goAway.goAway?.timeLeft).toBe('0.2s');
    expect((await connection.closed).code).toBe(1011);
  });

  it('queued faults apply to one connection only', async () => {
    emulator.queueFaults({ quotaExceeded: true });
    await expectRefusal(emulator.baseUrl, {});
    const connection = await connectSdk(emulator.baseUrl, config);
    connection.session.close();
    expect((await connection.closed).code).toBe(1000);
  });

  it('ends every connection at its lifetime with goAway first', async () => {
    const short = await startGeminiLiveEmulator({
      scenario: testScenario,
      connectionLifetimeMs: 400,
      goAwayLeadMs: 100,
      logger: quietLogger,
    });
    try {
      const connection = await connectSdk(short.baseUrl, config);
      const goAway = await connection.next((message) => message.goAway !== undefined);
      expect(goAway.goAway?.timeLeft).toBe('0.1s');
      expect((await connection.closed).code).toBe(1011);
    } finally {
      await short.close();
    }
  });
});
