import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { LiveSession } from './live-session.ts';
import { createLogger, type Logger } from './logger.ts';
import { type EmulatorFaults, emulatorOptionsSchema, faultsSchema } from './options.ts';
import { ResumptionStore } from './resumption.ts';
import { isCredentialAccepted, routeUpgrade } from './routes.ts';
import { loadDefaultScenario, parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
import { SessionRecord } from './session-record.ts';
import { SpeechCache } from './speech.ts';

export type GeminiLiveEmulatorOptions = z.input<typeof emulatorOptionsSchema> & {
  /** The script the model follows; the packaged default interview when omitted. */
  scenario?: Scenario | ScenarioInput;
  /** pino logger; one writing to stderr at LOG_LEVEL (default info) when omitted. */
  logger?: Logger;
};

export interface GeminiLiveEmulator {
  /** `ws://host:port` */
  readonly url: string;
  /** `http://host:port`: give it to the SDK as `httpOptions.baseUrl` (or GOOGLE_GEMINI_BASE_URL). */
  readonly baseUrl: string;
  readonly port: number;
  /** Every connection so far (the newest `maxRecordedSessions`), oldest first. */
  readonly sessions: readonly SessionRecord[];
  /** Resolves once at least `count` connections have been accepted since start. */
  waitForSessions(count: number, timeoutMs?: number): Promise<SessionRecord[]>;
  /** Replaces the faults applied to new connections. */
  setFaults(faults: EmulatorFaults): void;
  /** Applies `faults` (on top of the standing ones) to the next connection only; queued in order. */
  queueFaults(faults: EmulatorFaults): void;
  close(): Promise<void>;
}

export async function startGeminiLiveEmulator(
  options: GeminiLiveEmulatorOptions = {},
): Promise<GeminiLiveEmulator> {
  const { scenario: scenarioInput, logger: givenLogger, ...rest } = options;
  const parsed = emulatorOptionsSchema.safeParse(rest);
  if (!parsed.success) throw new Error(`Invalid emulator options:\n${z.prettifyError(parsed.error)}`);
  const settings = parsed.data;
  const scenario = scenarioInput === undefined ? loadDefaultScenario() : parseScenario(scenarioInput);
  const logger = givenLogger ?? createLogger();
  const speech = new SpeechCache({ wordsPerMinute: settings.voiceWordsPerMinute });
  const resumption = new ResumptionStore(settings.resumptionHandleTtlMs);
  const sessions: SessionRecord[] = [];
  const live = new Set<LiveSession>();
  const sessionWaiters = new Set<() => void>();
  let standingFaults = settings.faults;
  const queuedFaults: EmulatorFaults[] = [];
  let connectionCount = 0;

  const http = createServer((_request, response) => {
    // Plain HTTP: a liveness answer for process supervisors; the Live API itself is WebSocket only.
    response.writeHead(200, { 'content-type': 'text/plain' }).end('gemini-live-emulator\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = routeUpgrade(request);
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    // Vertex AI authenticates the HTTP handshake itself (OAuth bearer), before any WebSocket exists.
    if (route.api === 'vertex' && !isCredentialAccepted(route.credential, settings.apiKeys)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const faults = { ...standingFaults, ...queuedFaults.shift() };
    if (faults.refuseConnection) {
      logger.info({ path: route.path }, 'connection refused (fault)');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      connectionCount += 1;
      const record = new SessionRecord(`s${connectionCount}`, route.api, route.apiVersion, route.path);
      sessions.push(record);
      if (sessions.length > settings.maxRecordedSessions) sessions.shift();
      for (const wake of sessionWaiters) wake();
      answerCodelessCloseWithNormal(ws);
      const session = new LiveSession({
        socket: ws,
        record,
        credentialAccepted: isCredentialAccepted(route.credential, settings.apiKeys),
        scenario,
        options: settings,
        faults,
        speech,
        resumption,
        logger,
      });
      live.add(session);
      ws.on('close', () => live.delete(session));
      logger.info(
        { session: record.id, api: route.api, apiVersion: route.apiVersion },
        'connection accepted',
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(settings.port, settings.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  // In the background: a speech engine that cannot load fails the turns that speak (with the reason), not the server.
  speech.warmUp().catch((error: unknown) => logger.warn({ err: error }, 'speech engine warm-up failed'));
  const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  return {
    url: `ws://${hostForUrl}:${port}`,
    baseUrl: `http://${hostForUrl}:${port}`,
    port,
    sessions,
    waitForSessions(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (connectionCount < count) return false;
          sessionWaiters.delete(check);
          clearTimeout(timer);
          resolve([...sessions]);
          return true;
        };
        const timer = setTimeout(() => {
          sessionWaiters.delete(check);
          reject(new Error(`expected ${count} connections within ${timeoutMs} ms, saw ${connectionCount}`));
        }, timeoutMs);
        if (!check()) sessionWaiters.add(check);
      });
    },
    setFaults(faults) {
      standingFaults = faultsSchema.parse(faults);
    },
    queueFaults(faults) {
      queuedFaults.push(faultsSchema.parse(faults));
    },
    async close() {
      for (const session of live) session.shutdown();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      const grace = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
        http.closeAllConnections();
      }, 2_000);
      await closed;
      clearTimeout(grace);
      wss.close();
    },
  };
}

/**
 * ws echoes a close frame that had no status code with an empty one, which clients report as 1005.
 * Gemini answers 1000, and the LiveKit plugin treats anything else as an error, so default to 1000.
 */
function answerCodelessCloseWithNormal(ws: WebSocket): void {
  const closeSocket = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => closeSocket(code ?? 1000, reason);
}
