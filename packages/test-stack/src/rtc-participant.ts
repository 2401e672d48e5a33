import { setTimeout as sleep } from 'node:timers/promises';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  ParticipantKind,
  type RemoteParticipant,
  type RemoteTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';

const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = 480; // 10 ms
/** An open microphone sends what a browser's does: 20 ms frames, an Opus frame each. */
const OPEN_MICROPHONE_FRAME_SAMPLES = 960;
/** A received frame is audible above this mean absolute sample. */
export const AUDIBLE_LEVEL = 200;

export interface MicrophoneOptions {
  /**
   * Open, as a browser's: from publishing until `leave()` it sends all the time, silence between lines. Closed
   * (the default): frames only while `speak()` sends a line.
   */
  open?: boolean;
  /** The native source's queue (rtc-node's default 1000 ms): a line's end is known to within this. */
  queueMs?: number;
}

interface OpenMicrophoneLine {
  samples: Int16Array;
  offset: number;
  sent(playedOutAt: number): void;
  failed(error: unknown): void;
}

/**
 * A headless participant on @livekit/rtc-node: can speak PCM and measures what it hears. Like a browser client it
 * reads the agent's transcription and session streams.
 */
export class RtcParticipant {
  readonly room = new Room();
  private source: AudioSource | undefined;
  #openMicrophone = false;
  #openLine: OpenMicrophoneLine | undefined;
  #left = false;
  /** performance.now() when the first audible frame arrived (the agent's first word). */
  firstSoundAt: number | undefined;
  /** performance.now() of the latest audible frame. */
  lastSoundAt: number | undefined;
  /** Energy (mean absolute sample) per received 10 ms frame, in arrival order. */
  readonly heardEnergy: number[] = [];
  /** performance.now() of every audible frame, in arrival order. */
  readonly #soundHeardAt: number[] = [];
  /** For each audible frame (as #soundHeardAt): the inaudible audio received since the audible frame before it, ms. */
  readonly #silenceBeforeMs: number[] = [];
  #silentMs = 0;
  /** performance.now() of every end of an agent turn (speaking → listening), in order. */
  readonly #agentTurnEndedAt: number[] = [];

  static async join(url: string, token: string): Promise<RtcParticipant> {
    const participant = new RtcParticipant();
    participant.room.on(RoomEvent.TrackSubscribed, (track) => participant.listen(track));
    participant.room.on(RoomEvent.ParticipantAttributesChanged, (_changed, who) => {
      if (who.kind === ParticipantKind.AGENT) participant.trackAgentState(who as RemoteParticipant);
    });
    participant.room.registerTextStreamHandler(
      'lk.transcription',
      (reader) => void reader.readAll().catch(() => {}),
    );
    participant.room.registerByteStreamHandler(
      'lk.agent.session',
      (reader) => void reader.readAll().catch(() => {}),
    );
    try {
      await participant.room.connect(url, token, { autoSubscribe: true, dynacast: false });
    } catch (error) {
      await participant.room.disconnect().catch(() => {});
      throw error;
    }
    return participant;
  }

  async publishMicrophone(options: MicrophoneOptions = {}): Promise<void> {
    const source = new AudioSource(SAMPLE_RATE, 1, options.queueMs);
    this.source = source;
    const track = LocalAudioTrack.createAudioTrack('microphone', source);
    const publishOptions = new TrackPublishOptions();
    publishOptions.source = TrackSource.SOURCE_MICROPHONE;
    await this.room.localParticipant?.publishTrack(track, publishOptions);
    if (options.open) {
      this.#openMicrophone = true;
      void this.#sendOpenMicrophone(source);
    }
  }

  /**
   * Sends mono PCM16 at 48 kHz in real time (one line at a time); resolves once its last frame is in the source's
   * queue, with when (performance.now()) that frame will have played out.
   */
  async speak(samples: Int16Array): Promise<number> {
    const source = this.source;
    if (!source) throw new Error('publishMicrophone() first');
    if (this.#openMicrophone) {
      if (this.#openLine) throw new Error('already speaking a line');
      return new Promise((sent, failed) => {
        this.#openLine = { samples, offset: 0, sent, failed };
      });
    }
    for (let offset = 0; offset < samples.length; offset += FRAME_SAMPLES) {
      const frame = new Int16Array(FRAME_SAMPLES);
      frame.set(samples.subarray(offset, offset + FRAME_SAMPLES));
      await source.captureFrame(new AudioFrame(frame, SAMPLE_RATE, 1, FRAME_SAMPLES));
    }
    return performance.now() + source.queuedDuration;
  }

  /**
   * Says `samples` and waits until they have played out. Returns when (performance.now()) the end of the
   * speech in them went out: the end of their last 20 ms frame above -45 dBFS, the Gemini Live emulator's voice
   * level, so its end-of-speech window starts then.
   */
  async speakTimingItsEnd(samples: Int16Array): Promise<number> {
    const playedOutAt = await this.speak(samples);
    // An open microphone's queue never empties (silence follows the line): wait for its estimate instead.
    if (this.#openMicrophone) await sleep(Math.max(0, playedOutAt - performance.now()));
    else await this.source?.waitForPlayout();
    return performance.now() - ((samples.length - speechEndSample(samples)) / SAMPLE_RATE) * 1000;
  }

  /** The agent participants in the room (agents-js joins as kind AGENT). */
  agents(): RemoteParticipant[] {
    return [...this.room.remoteParticipants.values()].filter(
      (participant) => participant.kind === ParticipantKind.AGENT,
    );
  }

  /** Polls until `predicate` holds for an agent participant's attributes (e.g. lk.agent.state). */
  async waitForAgent(
    predicate: (attributes: Record<string, string>) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<RemoteParticipant> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const agent = this.agents().find((participant) => predicate(participant.attributes));
      if (agent) return agent;
      await sleep(100);
    }
    const seen = this.agents().map((participant) => participant.attributes);
    throw new Error(`timed out waiting for the agent: ${what} (agents: ${JSON.stringify(seen)})`);
  }

  /** How many times an agent went from speaking back to listening (one per finished agent turn). */
  agentTurnsSpoken = 0;
  readonly #agentStates = new Map<string, string>();

  private trackAgentState(participant: RemoteParticipant) {
    const state = participant.attributes['lk.agent.state'];
    if (state === undefined) return;
    if (this.#agentStates.get(participant.identity) === 'speaking' && state === 'listening') {
      this.agentTurnsSpoken++;
      this.#agentTurnEndedAt.push(performance.now());
    }
    this.#agentStates.set(participant.identity, state);
  }

  /** Waits until the agent has finished its `turns`-th spoken turn; throws after `timeoutMs` or once `signal` aborts. */
  async waitForAgentTurns(turns: number, timeoutMs = 60_000, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.agentTurnsSpoken < turns) {
      signal?.throwIfAborted();
      if (Date.now() > deadline)
        throw new Error(`the agent finished ${this.agentTurnsSpoken} turns, not ${turns}`);
      await sleep(50);
    }
  }

  /** Says `samples`, then waits for the agent to answer and finish speaking. */
  async sayAndWaitForReply(samples: Int16Array, timeoutMs = 60_000): Promise<void> {
    const before = this.agentTurnsSpoken;
    await this.speak(samples);
    await this.waitForAgentTurns(before + 1, timeoutMs);
  }

  /** performance.now() of the first audible frame heard after `since`, if any yet. */
  firstSoundAfter(since: number): number | undefined {
    for (let i = this.#soundHeardAt.length - 1; i >= 0; i--) {
      const at = this.#soundHeardAt[i] ?? 0;
      if (at <= since) return this.#soundHeardAt[i + 1];
    }
    return this.#soundHeardAt[0];
  }

  /** `firstSoundAfter(since)`, waiting up to `timeoutMs` for it; undefined if nothing came or `signal` aborted. */
  async waitForSoundAfter(
    since: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const heardAt = this.firstSoundAfter(since);
      if (heardAt !== undefined || signal?.aborted || performance.now() >= deadline) return heardAt;
      await sleep(20);
    }
  }

  /** performance.now() of the first end of an agent turn after `since`, if any yet. */
  agentTurnEndedAfter(since: number): number | undefined {
    return this.#agentTurnEndedAt.find((at) => at > since);
  }

  /**
   * The silences inside what was heard after `from` and before `until` (e.g. one agent turn): for each audible
   * frame in between, the inaudible audio received just before it, in ms.
   */
  silencesHeard(from: number, until: number): number[] {
    return this.#silenceBeforeMs.filter((_silence, i) => {
      const at = this.#soundHeardAt[i] ?? 0;
      return at > from && at < until;
    });
  }

  framesWithSoundHeard(threshold = AUDIBLE_LEVEL): number {
    return this.heardEnergy.filter((energy) => energy > threshold).length;
  }

  async leave(): Promise<void> {
    this.#left = true;
    await this.room.disconnect();
  }

  private async listen(track: RemoteTrack) {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    for await (const frame of new AudioStream(track, SAMPLE_RATE, 1)) {
      let sum = 0;
      for (const sample of frame.data) sum += Math.abs(sample);
      const energy = sum / frame.data.length;
      this.heardEnergy.push(energy);
      if (energy <= AUDIBLE_LEVEL) {
        this.#silentMs += (frame.samplesPerChannel / frame.sampleRate) * 1000;
        continue;
      }
      this.lastSoundAt = performance.now();
      this.firstSoundAt ??= this.lastSoundAt;
      this.#soundHeardAt.push(this.lastSoundAt);
      this.#silenceBeforeMs.push(this.#silentMs);
      this.#silentMs = 0;
    }
  }

  /** The open microphone: the current line's next frame, or silence, in real time until the participant leaves. */
  async #sendOpenMicrophone(source: AudioSource): Promise<void> {
    const silence = new Int16Array(OPEN_MICROPHONE_FRAME_SAMPLES);
    while (!this.#left) {
      const line = this.#openLine;
      let frame = silence;
      if (line) {
        frame = new Int16Array(OPEN_MICROPHONE_FRAME_SAMPLES);
        frame.set(line.samples.subarray(line.offset, line.offset + OPEN_MICROPHONE_FRAME_SAMPLES));
        line.offset += OPEN_MICROPHONE_FRAME_SAMPLES;
      }
      try {
        // Resolves once the native queue has room: the loop runs in real time.
        await source.captureFrame(new AudioFrame(frame, SAMPLE_RATE, 1, OPEN_MICROPHONE_FRAME_SAMPLES));
      } catch (error) {
        this.#openLine = undefined;
        line?.failed(error);
        return; // the source closed
      }
      if (line && line.offset >= line.samples.length) {
        this.#openLine = undefined;
        line.sent(performance.now() + source.queuedDuration);
      }
    }
    this.#openLine?.failed(new Error('left the room while speaking'));
  }
}

/** The sample after the last 20 ms frame whose RMS level is above -45 dBFS (0 when there is none). */
export function speechEndSample(samples: Int16Array): number {
  const frame = SAMPLE_RATE / 50;
  const threshold = 32768 * 10 ** (-45 / 20);
  for (let end = Math.floor(samples.length / frame) * frame; end > 0; end -= frame) {
    let sumSquares = 0;
    for (let i = end - frame; i < end; i++) sumSquares += (samples[i] ?? 0) ** 2;
    if (Math.sqrt(sumSquares / frame) > threshold) return end;
  }
  return 0;
}

export function sineWave(seconds: number, frequency = 440, amplitude = 8000): Int16Array {
  const samples = new Int16Array(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
  }
  return samples;
}
