/** A message as recorded: audio payloads are replaced by their decoded size to keep records small. */
export type RecordedMessage = Record<string, unknown>;

export interface CloseInfo {
  code: number;
  reason: string;
  /** Who started the close; `abnormal` when the TCP connection went away without a close frame. */
  initiator: 'server' | 'client' | 'abnormal';
}

type Waiter = {
  predicate: (message: RecordedMessage) => boolean;
  resolve: (message: RecordedMessage) => void;
};

export type ApiSurface = 'gemini' | 'vertex';

/** Everything a test may want to know about one WebSocket connection, in order. */
export class SessionRecord {
  readonly received: RecordedMessage[] = [];
  readonly sent: RecordedMessage[] = [];
  /** When each message of `received` / `sent` was recorded (`performance.now()` of this process), by index. */
  readonly receivedAt: number[] = [];
  readonly sentAt: number[] = [];
  /** The voice activity detector's decisions, for latency breakdowns. */
  readonly userSpeech: Array<{ event: 'start' | 'end'; at: number }> = [];
  model: string | undefined;
  resumedFromHandle: string | undefined;
  close: CloseInfo | undefined;
  readonly #receivedWaiters = new Set<Waiter>();
  readonly #sentWaiters = new Set<Waiter>();
  readonly #closeWaiters = new Set<(info: CloseInfo) => void>();
  #controls: { drop: () => void; goAway: (timeLeftMs: number) => void } | undefined;

  constructor(
    readonly id: string,
    readonly api: ApiSurface,
    readonly apiVersion: string,
    readonly path: string,
  ) {}

  /** The setup message the client sent, if any. */
  get setup(): RecordedMessage | undefined {
    return this.received.find((message) => 'setup' in message)?.setup as RecordedMessage | undefined;
  }

  recordReceived(message: RecordedMessage): void {
    const recorded = summariseAudio(message);
    this.received.push(recorded);
    this.receivedAt.push(performance.now());
    settle(this.#receivedWaiters, recorded);
  }

  recordSent(message: RecordedMessage): void {
    const recorded = summariseAudio(message);
    this.sent.push(recorded);
    this.sentAt.push(performance.now());
    settle(this.#sentWaiters, recorded);
  }

  recordClose(info: CloseInfo): void {
    if (this.close) return;
    this.close = info;
    for (const resolve of this.#closeWaiters) resolve(info);
    this.#closeWaiters.clear();
  }

  recordUserSpeech(event: 'start' | 'end'): void {
    this.userSpeech.push({ event, at: performance.now() });
  }

  attachControls(controls: { drop: () => void; goAway: (timeLeftMs: number) => void }): void {
    this.#controls = controls;
  }

  /** Destroys the connection without a close frame, as a network failure would. */
  drop(): void {
    this.#controls?.drop();
  }

  /** Sends goAway now and closes the connection when `timeLeftMs` has passed. */
  goAway(timeLeftMs: number): void {
    this.#controls?.goAway(timeLeftMs);
  }

  waitForReceived(
    predicate: (message: RecordedMessage) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedMessage> {
    return waitFor(
      this.received,
      this.#receivedWaiters,
      predicate,
      timeoutMs,
      `session ${this.id}: client message`,
    );
  }

  waitForSent(
    predicate: (message: RecordedMessage) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedMessage> {
    return waitFor(this.sent, this.#sentWaiters, predicate, timeoutMs, `session ${this.id}: server message`);
  }

  waitForClose(timeoutMs = 10_000): Promise<CloseInfo> {
    if (this.close) return Promise.resolve(this.close);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#closeWaiters.delete(done);
        reject(new Error(`session ${this.id}: not closed within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (info: CloseInfo) => {
        clearTimeout(timer);
        resolve(info);
      };
      this.#closeWaiters.add(done);
    });
  }
}

function settle(waiters: Set<Waiter>, message: RecordedMessage): void {
  for (const waiter of waiters) {
    if (waiter.predicate(message)) {
      waiters.delete(waiter);
      waiter.resolve(message);
    }
  }
}

function waitFor(
  existing: readonly RecordedMessage[],
  waiters: Set<Waiter>,
  predicate: (message: RecordedMessage) => boolean,
  timeoutMs: number,
  what: string,
): Promise<RecordedMessage> {
  const found = existing.find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const waiter: Waiter = {
      predicate,
      resolve: (message) => {
        clearTimeout(timer);
        resolve(message);
      },
    };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`${what} not seen within ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.add(waiter);
  });
}

function summariseAudio(message: RecordedMessage): RecordedMessage {
  return JSON.parse(JSON.stringify(message), (key, value) => {
    // Every `data` string in this protocol is a base64 blob.
    if (key === 'data' && typeof value === 'string') {
      return `<${Buffer.byteLength(value, 'base64')} bytes>`;
    }
    return value;
  }) as RecordedMessage;
}
