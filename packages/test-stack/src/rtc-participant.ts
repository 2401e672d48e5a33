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

/** A headless participant on @livekit/rtc-node: can speak PCM and measures what it hears. */
export class RtcParticipant {
  readonly room = new Room();
  private source: AudioSource | undefined;
  /** performance.now() when the first audible frame arrived (the agent's first word). */
  firstSoundAt: number | undefined;
  /** performance.now() of the latest audible frame. */
  lastSoundAt: number | undefined;
  /** Energy (mean absolute sample) per received 10 ms frame, in arrival order. */
  readonly heardEnergy: number[] = [];
  /** performance.now() of every audible frame, in arrival order. */
  readonly #soundHeardAt: number[] = [];

  static async join(url: string, token: string): Promise<RtcParticipant> {
    const participant = new RtcParticipant();
    participant.room.on(RoomEvent.TrackSubscribed, (track) => participant.listen(track));
    participant.room.on(RoomEvent.ParticipantAttributesChanged, (_changed, who) => {
      if (who.kind === ParticipantKind.AGENT) participant.trackAgentState(who as RemoteParticipant);
    });
    await participant.room.connect(url, token, { autoSubscribe: true, dynacast: false });
    return participant;
  }

  async publishMicrophone(): Promise<void> {
    this.source = new AudioSource(SAMPLE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack('microphone', this.source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await this.room.localParticipant?.publishTrack(track, options);
  }

  /** Sends mono PCM16 at 48 kHz in real time, 10 ms per frame. */
  async speak(samples: Int16Array): Promise<void> {
    if (!this.source) throw new Error('publishMicrophone() first');
    for (let offset = 0; offset < samples.length; offset += FRAME_SAMPLES) {
      const frame = new Int16Array(FRAME_SAMPLES);
      frame.set(samples.subarray(offset, offset + FRAME_SAMPLES));
      await this.source.captureFrame(new AudioFrame(frame, SAMPLE_RATE, 1, FRAME_SAMPLES));
    }
  }

  /**
   * Says `samples` and waits until they have played out. Returns when (performance.now()) the end of the
   * speech in them went out: the end of their last 20 ms frame above -45 dBFS, the Gemini Live emulator's voice
   * level, so its end-of-speech window starts then.
   */
  async speakTimingItsEnd(samples: Int16Array): Promise<number> {
    await this.speak(samples);
    await this.source?.waitForPlayout();
    const playedOutAt = performance.now();
    return playedOutAt - ((samples.length - speechEndSample(samples)) / SAMPLE_RATE) * 1000;
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
    if (this.#agentStates.get(participant.identity) === 'speaking' && state === 'listening')
      this.agentTurnsSpoken++;
    this.#agentStates.set(participant.identity, state);
  }

  /** Waits until the agent has finished its `turns`-th spoken turn. */
  async waitForAgentTurns(turns: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.agentTurnsSpoken < turns) {
      if (Date.now() > deadline)
        throw new Error(`the agent finished ${this.agentTurnsSpoken} turns, not ${turns}`);
      await sleep(100);
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

  framesWithSoundHeard(threshold = 200): number {
    return this.heardEnergy.filter((energy) => energy > threshold).length;
  }

  async leave(): Promise<void> {
    await this.room.disconnect();
  }

  private async listen(track: RemoteTrack) {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    for await (const frame of new AudioStream(track, SAMPLE_RATE, 1)) {
      let sum = 0;
      for (const sample of frame.data) sum += Math.abs(sample);
      const energy = sum / frame.data.length;
      this.heardEnergy.push(energy);
      if (energy <= 200) continue;
      this.lastSoundAt = performance.now();
      this.firstSoundAt ??= this.lastSoundAt;
      this.#soundHeardAt.push(this.lastSoundAt);
    }
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
