import * as google from '@livekit/agents-plugin-google';
import type { AudioFrame } from '@livekit/rtc-node';

type RealtimeModelOptions = ConstructorParameters<typeof google.realtime.RealtimeModel>[0];

/**
 * The parts of the plugin's RealtimeSession (agents-plugin-google 1.9) this wrapper hooks. They are
 * internals, so `assertHookable` checks them at start-up and a plugin upgrade that moves them fails
 * loudly (and in our tests) instead of silently losing the reconnect behaviour.
 */
interface PluginSessionInternals {
  emitError(error: unknown, recoverable: boolean): void;
  markRestartNeeded(): void;
  handleGoAway(goAway: unknown): void;
  pushAudio(frame: AudioFrame): void;
  activeSession: unknown;
}

export interface ReconnectHooks {
  onReconnect(reason: string): void;
  onGiveUp(reason: string): void;
}

// Close codes that mean "the connection broke", not "your request is wrong" (1007, 1008 are final).
const TRANSIENT_CLOSE_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
const MAX_RECONNECTS_PER_MINUTE = 3;
/** Audio sent just before an abnormal close may never have arrived: it is sent again. */
const REPLAY_BEFORE_DROP_MS = 500;

/**
 * Gemini Live RealtimeModel that survives its connection limits. agents-js 1.9 reconnects with the
 * resumption handle on goAway, but reports any abnormal close as a fatal error (the AgentSession then
 * closes), and both paths drop the candidate's audio while reconnecting. Here an abnormal close also
 * reconnects (with the resumption handle, the chat history re-sent by the plugin), and audio pushed
 * while reconnecting — plus the last moments before a drop — is held and sent on the new connection.
 */
export class ResilientRealtimeModel extends google.realtime.RealtimeModel {
  constructor(
    options: RealtimeModelOptions,
    private readonly hooks: ReconnectHooks,
  ) {
    super(options);
  }

  override session() {
    const session = super.session();
    makeResilient(session as unknown as PluginSessionInternals, this.hooks);
    return session;
  }
}

export function assertHookable(session: object): asserts session is PluginSessionInternals {
  const internals = session as Partial<Record<keyof PluginSessionInternals, unknown>>;
  for (const method of ['emitError', 'markRestartNeeded', 'handleGoAway', 'pushAudio'] as const) {
    if (typeof internals[method] !== 'function') {
      throw new Error(
        `agents-plugin-google changed: RealtimeSession.${method} is missing; review resilient-realtime-model.ts`,
      );
    }
  }
  if (!('activeSession' in session)) {
    throw new Error('agents-plugin-google changed: RealtimeSession.activeSession is missing');
  }
}

function makeResilient(session: PluginSessionInternals, hooks: ReconnectHooks): void {
  assertHookable(session);
  const original = {
    emitError: session.emitError.bind(session),
    handleGoAway: session.handleGoAway.bind(session),
    pushAudio: session.pushAudio.bind(session),
  };
  const recent: Array<{ at: number; frame: AudioFrame }> = [];
  let held: AudioFrame[] = [];
  let reconnecting = false;
  let reconnectTimes: number[] = [];

  const startReconnect = (reason: string, replayFrom: number | undefined) => {
    reconnecting = true;
    held =
      replayFrom === undefined
        ? []
        : recent.filter((entry) => entry.at >= replayFrom).map((entry) => entry.frame);
    hooks.onReconnect(reason);
  };

  session.emitError = (error, recoverable) => {
    const code = (error as { statusCode?: number }).statusCode;
    const now = Date.now();
    reconnectTimes = reconnectTimes.filter((at) => now - at < 60_000);
    if (!recoverable && code !== undefined && TRANSIENT_CLOSE_CODES.has(code)) {
      if (reconnectTimes.length < MAX_RECONNECTS_PER_MINUTE) {
        reconnectTimes.push(now);
        startReconnect(`abnormal close ${code}`, now - REPLAY_BEFORE_DROP_MS);
        session.markRestartNeeded();
        return;
      }
      hooks.onGiveUp(`abnormal close ${code}: ${MAX_RECONNECTS_PER_MINUTE} reconnects within a minute`);
    }
    original.emitError(error, recoverable);
  };

  session.handleGoAway = (goAway) => {
    startReconnect('goAway', undefined);
    original.handleGoAway(goAway);
  };

  session.pushAudio = (frame) => {
    const now = Date.now();
    recent.push({ at: now, frame });
    while (recent.length > 0 && now - (recent[0]?.at ?? now) > REPLAY_BEFORE_DROP_MS) recent.shift();
    if (reconnecting) {
      held.push(frame);
      return;
    }
    original.pushAudio(frame);
  };

  // The plugin assigns activeSession once a new connection is set up: that is when held audio goes out.
  let active = session.activeSession;
  Object.defineProperty(session, 'activeSession', {
    configurable: true,
    enumerable: true,
    get: () => active,
    set: (value: unknown) => {
      active = value;
      if (value && reconnecting) {
        reconnecting = false;
        const backlog = held;
        held = [];
        for (const frame of backlog) original.pushAudio(frame);
      }
    },
  });
}
