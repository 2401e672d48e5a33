import { createServer, type Server } from 'node:http';
import { Session as LiveSession } from '@google/genai';
import { initializeLogger, log } from '@livekit/agents';
import { ResilientRealtimeModel } from './resilient-realtime-model.ts';

/** Where nothing listens: the session below is closed before it would connect anyway. */
const NOWHERE = 'http://127.0.0.1:9';

/**
 * Checks, without the network, that the plugin still has what resilient-realtime-model.ts and
 * live-connect.ts hook: builds a real plugin RealtimeSession through our model (which asserts its
 * internals) and closes it before its first connection attempt; and that the Live session it will hold
 * (`activeSession`) can still send `audioStreamEnd` ("I'm done", done-speaking.ts). Returns the problem, or undefined.
 * Behaviour (not just names) is checked against the emulator in test/plugin-contract.test.ts.
 */
export async function pluginContractProblem(): Promise<string | undefined> {
  ensureAgentsLogger();
  try {
    const model = new ResilientRealtimeModel(
      { apiKey: 'contract-check', httpOptions: { baseUrl: NOWHERE } },
      { onReconnect: () => {}, onConnectAttemptFailed: () => {}, onGiveUp: () => {} },
    );
    await model.session().close();
    if (typeof LiveSession.prototype.sendRealtimeInput !== 'function')
      return '@google/genai changed: Session.sendRealtimeInput is missing; review endUserTurn in resilient-realtime-model.ts';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The worker's health endpoint when the contract check failed: agents-js serves health itself and its
 * check cannot be extended, so the worker is not started at all (it registers for no jobs) and this
 * answers on the same address, 503 with the reason, for the supervisor to see.
 */
export function serveUnhealthy(host: string, port: number, reason: string): Promise<Server> {
  const server = createServer((_request, response) => {
    response
      .writeHead(503, { 'content-type': 'text/plain' })
      .end(`plugin contract check failed: ${reason}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The plugin logs through agents-js, whose logger exists only once the CLI has started. */
function ensureAgentsLogger(): void {
  try {
    log();
  } catch {
    initializeLogger({ pretty: false, level: 'fatal' });
  }
}
