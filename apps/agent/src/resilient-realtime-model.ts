import type { Session as LiveSession } from '@google/genai';
import * as google from '@livekit/agents-plugin-google';
import type { AudioFrame } from '@livekit/rtc-node';
import { type ConnectPolicy, withConnectPolicy } from './live-connect.ts';

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
  close(): Promise<void>;
  /** The connected @google/genai Live session, undefined while (re)connecting. */
  activeSession: Pick<LiveSession, 'sendRealtimeInput'> | undefined;
}

export interface ReconnectHooks {
  onReconnect(reason: string): void;
  onConnectAttemptFailed(attempt: number, reason: string, retryInMs: number | undefined): void;
  /** The model cannot be reached (or keeps dropping): the session is closed; tell the candidate, end the job. */
  onGiveUp(reason: string): void;
  /**
   * Every frame of the candidate's audio the session hands the model, as it comes (answer-recorder.ts): a
   * listener on the one stream the session already reads, never a second AudioStream of the track.
   */
  onInputAudio?(frame: AudioFrame): void;
  /**
   * Whether the model may hear the candidate now (greeting-guard.ts); frames it may not are dropped, not held,
   * and not given to `onInputAudio`.
   */
  mayHearCandidate?(): boolean;
}

export type ConnectLimits = Pick<ConnectPolicy, 'attemptTimeoutMs' | 'attempts' | 'firstBackoffMs'>;

/** Gemini usually sets up in 1–2 s: three attempts with 1 s, 2 s between take at most ~27 s. */
export const DEFAULT_CONNECT_LIMITS: ConnectLimits = {
  attemptTimeoutMs: 8_000,
  attempts: 3,
  firstBackoffMs: 1_000,
};

// Close codes that mean "the connection broke", not "your request is wrong" (1007, 1008 are final).
const TRANSIENT_CLOSE_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
const MAX_RECONNECTS_PER_MINUTE = 3;
/** Audio sent just before an abnormal close may never have arrived: it is sent again. */
const REPLAY_BEFORE_DROP_MS = 500;
/** The candidate's audio held while reconnecting; beyond it the oldest goes (the give-up comes sooner). */
const MAX_HELD_AUDIO_MS = 30_000;

/**
 * Gemini Live RealtimeModel that survives its connection limits. agents-js 1.9 reconnects with the
 * resumption handle on goAway, but reports any abnormal close as a fatal error (the AgentSession then
 * closes), and both paths drop the candidate's audio while reconnecting. Here an abnormal close also
 * reconnects (with the resumption handle, the chat history re-sent by the plugin), and audio pushed
 * while reconnecting — plus the last moments before a drop — is held and sent on the new connection.
 * Every connection attempt has a deadline and the attempts are bounded (live-connect.ts); when they
 * run out the session closes and `onGiveUp` is told.
 */
export class ResilientRealtimeModel extends google.realtime.RealtimeModel {
  /** The newest session this model made: the one the AgentSession is talking through. */
  #current: Resilience | undefined;

  constructor(
    options: RealtimeModelOptions,
    private readonly hooks: ReconnectHooks,
    private readonly limits: ConnectLimits = DEFAULT_CONNECT_LIMITS,
  ) {
    super(options);
  }

  override session() {
    let resilience: Resilience | undefined;
    const created = withConnectPolicy(
      {
        ...this.limits,
        isClosed: () => resilience?.isClosed() ?? false,
        onAttemptFailed: (attempt, error, retryInMs) =>
          this.hooks.onConnectAttemptFailed(attempt, error.message, retryInMs),
        onExhausted: (error) =>
          resilience?.giveUp(`${this.limits.attempts} connection attempts failed: ${error.message}`),
      },
      () => super.session(),
    );
    resilience = makeResilient(created as unknown as PluginSessionInternals, this.hooks);
    this.#current = resilience;
    return created;
  }

  /**
   * Ends the candidate's turn now ("I'm done"), without waiting for the silence that would. With automatic
   * activity detection Gemini Live's way is `realtimeInput.audioStreamEnd`: it flushes the audio it holds and
   * answers. The plugin (1.9) has no call for it and its send loop drops the field, so it goes straight to the
   * connected Live session (plugin-contract.ts checks that is still possible). False when there is none (not
   * connected yet, reconnecting, closed): the turn then ends by silence as usual.
   */
  endUserTurn(): boolean {
    return this.#current?.endAudioStream() ?? false;
  }
}

interface Resilience {
  /** Closes the session (ending the plugin's connection loop) and tells the hooks, once. */
  giveUp(reason: string): void;
  isClosed(): boolean;
  /** Sends `audioStreamEnd` on the connected Live session; false when none is connected. */
  endAudioStream(): boolean;
}

export function assertHookable(session: object): asserts session is PluginSessionInternals {
  const internals = session as Partial<Record<keyof PluginSessionInternals, unknown>>;
  for (const method of ['emitError', 'markRestartNeeded', 'handleGoAway', 'pushAudio', 'close'] as const) {
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

function makeResilient(session: PluginSessionInternals, hooks: ReconnectHooks): Resilience {
  assertHookable(session);
  const original = {
    emitError: session.emitError.bind(session),
    handleGoAway: session.handleGoAway.bind(session),
    pushAudio: session.pushAudio.bind(session),
    close: session.close.bind(session),
  };
  const recent: Array<{ at: number; frame: AudioFrame }> = [];
  const held: AudioFrame[] = [];
  let heldMs = 0;
  let reconnecting = false;
  let gaveUp = false;
  let closed = false;
  let reconnectTimes: number[] = [];

  const hold = (frame: AudioFrame) => {
    held.push(frame);
    heldMs += durationMs(frame);
    while (heldMs > MAX_HELD_AUDIO_MS && held.length > 1) heldMs -= durationMs(held.shift() as AudioFrame);
  };

  const giveUp = (reason: string) => {
    if (gaveUp) return;
    gaveUp = true;
    held.length = 0;
    heldMs = 0;
    // Closing first: the plugin's connection loop then ends instead of retrying or throwing.
    void session.close();
    hooks.onGiveUp(reason);
  };

  // A drop during a reconnect is the reconnect's own failed attempt (live-connect.ts): what is held stays.
  const startReconnect = (reason: string, replayFrom: number | undefined) => {
    if (!reconnecting && replayFrom !== undefined)
      for (const entry of recent) if (entry.at >= replayFrom) hold(entry.frame);
    reconnecting = true;
    hooks.onReconnect(reason);
  };

  session.close = () => {
    closed = true;
    return original.close();
  };

  session.emitError = (error, recoverable) => {
    const code = (error as { statusCode?: number }).statusCode;
    const now = Date.now();
    reconnectTimes = reconnectTimes.filter((at) => now - at < 60_000);
    if (!recoverable && code !== undefined && TRANSIENT_CLOSE_CODES.has(code)) {
      if (reconnectTimes.length >= MAX_RECONNECTS_PER_MINUTE) {
        giveUp(`abnormal close ${code}: ${MAX_RECONNECTS_PER_MINUTE} reconnects within a minute`);
        return;
      }
      reconnectTimes.push(now);
      startReconnect(`abnormal close ${code}`, now - REPLAY_BEFORE_DROP_MS);
      session.markRestartNeeded();
      return;
    }
    original.emitError(error, recoverable);
  };

  session.handleGoAway = (goAway) => {
    startReconnect('goAway', undefined);
    original.handleGoAway(goAway);
  };

  session.pushAudio = (frame) => {
    // What the model may not hear is not recorded either: a clip's voiced time matches its transcript.
    if (hooks.mayHearCandidate?.() === false) return;
    hooks.onInputAudio?.(frame);
    const now = Date.now();
    recent.push({ at: now, frame });
    while (recent.length > 0 && now - (recent[0]?.at ?? now) > REPLAY_BEFORE_DROP_MS) recent.shift();
    if (gaveUp) return;
    if (reconnecting) {
      hold(frame);
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
    set: (value: PluginSessionInternals['activeSession']) => {
      active = value;
      if (value && reconnecting) {
        reconnecting = false;
        const backlog = held.splice(0);
        heldMs = 0;
        for (const frame of backlog) original.pushAudio(frame);
      }
    },
  });
  const endAudioStream = () => {
    const live = reconnecting || closed || gaveUp ? undefined : session.activeSession;
    if (!live) return false;
    live.sendRealtimeInput({ audioStreamEnd: true });
    return true;
  };
  return { giveUp, isClosed: () => closed, endAudioStream };
}

function durationMs(frame: AudioFrame): number {
  return (frame.samplesPerChannel / frame.sampleRate) * 1000;
}
