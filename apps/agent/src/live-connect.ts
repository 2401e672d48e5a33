import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { GoogleGenAI, Live, type LiveConnectParameters, type Session } from '@google/genai';

/** How one RealtimeSession connects: every attempt has a deadline, retries are bounded with backoff. */
export interface ConnectPolicy {
  /** Deadline for one attempt: the socket open and `setupComplete` received. */
  attemptTimeoutMs: number;
  attempts: number;
  /** Wait before the second attempt; doubled for each one after. */
  firstBackoffMs: number;
  /** True once the session is closed: no further attempt is made. */
  isClosed(): boolean;
  onAttemptFailed(attempt: number, error: Error, retryInMs: number | undefined): void;
  /**
   * Every attempt failed. Called before the failure reaches the plugin, whose loop ends quietly only if
   * the session is already closed (otherwise it throws from a task nobody awaits).
   */
  onExhausted(error: Error): void;
}

/** A connection attempt that failed before the session was set up. */
export class ConnectAttemptError extends Error {
  constructor(
    message: string,
    readonly closeCode?: number,
  ) {
    super(message);
    this.name = 'ConnectAttemptError';
  }
}

type Connect = (this: Live, params: LiveConnectParameters) => Promise<Session>;
/** `Live`'s socket factory (a private field of the SDK, checked by `assertConnectHookable`). */
interface LiveInternals {
  webSocketFactory: {
    create(url: string, headers: Record<string, string>, callbacks: object): { close(): void };
  };
}

const policies = new AsyncLocalStorage<ConnectPolicy>();
let originalConnect: Connect | undefined;

/**
 * Runs `open` (which creates a plugin RealtimeSession) so that every `live.connect` the session makes
 * follows `policy`. `@google/genai`'s `live.connect` waits for `setupComplete` with no timeout and never
 * settles when the socket closes first (quota 1011, a drop, an unreachable endpoint), which left the
 * plugin's connection loop stuck for good; the policy travels with the session's own async context.
 */
export function withConnectPolicy<T>(policy: ConnectPolicy, open: () => T): T {
  installConnectPolicy();
  return policies.run(policy, open);
}

/** Wraps `Live.prototype.connect` once; connections made outside `withConnectPolicy` are unchanged. */
export function installConnectPolicy(): void {
  if (originalConnect) return;
  assertConnectHookable();
  const original = Live.prototype.connect as Connect;
  originalConnect = original;
  Live.prototype.connect = function connect(this: Live, params: LiveConnectParameters) {
    const policy = policies.getStore();
    return policy ? connectWithPolicy(this, original, params, policy) : original.call(this, params);
  };
}

/** The SDK internals the policy relies on (checked at boot and in the contract test). */
export function assertConnectHookable(): void {
  if (typeof Live.prototype.connect !== 'function')
    throw new Error('@google/genai changed: Live.prototype.connect is missing; review live-connect.ts');
  const { live } = new GoogleGenAI({ apiKey: 'contract-check' });
  if (typeof (live as unknown as Partial<LiveInternals>).webSocketFactory?.create !== 'function')
    throw new Error('@google/genai changed: Live.webSocketFactory.create is missing; review live-connect.ts');
}

async function connectWithPolicy(
  live: Live,
  connect: Connect,
  params: LiveConnectParameters,
  policy: ConnectPolicy,
): Promise<Session> {
  let lastError = new ConnectAttemptError('no connection attempt was made');
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (policy.isClosed()) throw new ConnectAttemptError('the session closed while connecting');
    try {
      return await connectOnce(live, connect, params, policy.attemptTimeoutMs);
    } catch (error) {
      lastError = error instanceof Error ? error : new ConnectAttemptError(String(error));
      const retryInMs = attempt < policy.attempts ? policy.firstBackoffMs * 2 ** (attempt - 1) : undefined;
      policy.onAttemptFailed(attempt, lastError, retryInMs);
      if (retryInMs !== undefined) await delay(retryInMs);
    }
  }
  policy.onExhausted(lastError);
  throw lastError;
}

/**
 * One attempt: resolves with the session once set up, or rejects when the socket closes first or the
 * deadline passes (the socket is then closed). Until it is set up, the socket's close and error events
 * belong to this attempt and are not passed to the plugin, which would take them for a broken session.
 */
async function connectOnce(
  live: Live,
  connect: Connect,
  params: LiveConnectParameters,
  timeoutMs: number,
): Promise<Session> {
  let setUp = false;
  let abandoned = false;
  const owned = () => setUp && !abandoned;
  let failEarly: (error: Error) => void = () => undefined;
  const closedEarly = new Promise<never>((_resolve, reject) => {
    failEarly = reject;
  });
  closedEarly.catch(() => undefined);
  const { callbacks } = params;
  const guarded = {
    ...callbacks,
    onerror: (event: unknown) => {
      if (owned()) callbacks?.onerror?.(event as ErrorEvent);
    },
    onclose: (event: CloseEvent) => {
      if (owned()) callbacks?.onclose?.(event);
      else if (!setUp)
        failEarly(
          new ConnectAttemptError(
            `closed before setup: ${event.code}${event.reason ? ` ${event.reason}` : ''}`,
            event.code,
          ),
        );
    },
  } as LiveConnectParameters['callbacks'];

  // The same Live with a socket factory that lets this attempt close the socket it gave up on.
  const factory = (live as unknown as LiveInternals).webSocketFactory;
  let socket: { close(): void } | undefined;
  const capturing = Object.create(live, {
    webSocketFactory: {
      value: Object.create(factory, {
        create: {
          value: (...args: Parameters<LiveInternals['webSocketFactory']['create']>) => {
            socket = factory.create(...args);
            return socket;
          },
        },
      }),
    },
  }) as Live;

  const connecting = connect.call(capturing, { ...params, callbacks: guarded });
  void connecting.then(
    () => {
      setUp = true;
    },
    () => undefined,
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new ConnectAttemptError(`no setupComplete within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([connecting, closedEarly, deadline]);
  } catch (error) {
    abandoned = true;
    try {
      socket?.close();
    } catch {
      // never opened: nothing to close
    }
    // A session set up after this attempt gave up is nobody's: close it.
    void connecting.then(
      (late) => late.close(),
      () => undefined,
    );
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
