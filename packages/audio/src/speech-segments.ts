import { EnergyVad, type VadOptions } from './energy-vad.ts';

/** A voiced stretch, in milliseconds from the start of the audio. */
export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

/** Tuned for a candidate's microphone: short pauses inside a sentence do not split it. */
export const CANDIDATE_VAD: Omit<VadOptions, 'sampleRate'> = {
  silenceDurationMs: 300,
  minSpeechMs: 60,
  thresholdDbfs: -45,
};

/**
 * The voiced stretches of a mono PCM16 stream, fed in pieces of any size: the energy VAD's transitions,
 * moved back by its reporting lag so each segment starts and ends where the voice did.
 */
export class SpeechSegmenter {
  readonly #vad: EnergyVad;
  readonly #sampleRate: number;
  readonly #segments: SpeechSegment[] = [];
  readonly #frameBytes: number;
  #remainder = Buffer.alloc(0);
  #samples = 0;
  #openedAt: number | undefined;

  constructor(sampleRate: number, options: Omit<VadOptions, 'sampleRate'> = CANDIDATE_VAD) {
    this.#vad = new EnergyVad({ ...options, sampleRate });
    this.#sampleRate = sampleRate;
    this.#frameBytes = Math.round(sampleRate / 50) * 2;
  }

  push(pcm: Buffer): void {
    // Whole VAD frames, one at a time, so every transition is timed to its own frame.
    let data = this.#remainder.length > 0 ? Buffer.concat([this.#remainder, pcm]) : pcm;
    for (; data.length >= this.#frameBytes; data = data.subarray(this.#frameBytes)) {
      const events = this.#vad.push(data.subarray(0, this.#frameBytes));
      this.#samples += this.#frameBytes / 2;
      for (const event of events) {
        if (event === 'speechStart') this.#openedAt = Math.max(0, this.#nowMs() - this.#vad.startLagMs);
        else this.#close(this.#nowMs() - this.#vad.endLagMs);
      }
    }
    this.#remainder = Buffer.from(data);
  }

  /** The segments so far; speech still going on ends at the end of the audio. */
  finish(): SpeechSegment[] {
    if (this.#vad.flush().length > 0) this.#close(this.#nowMs());
    return [...this.#segments];
  }

  #close(endMs: number): void {
    if (this.#openedAt === undefined) return;
    this.#segments.push({ startMs: this.#openedAt, endMs: Math.max(this.#openedAt, endMs) });
    this.#openedAt = undefined;
  }

  #nowMs(): number {
    return Math.round((this.#samples / this.#sampleRate) * 1000);
  }
}
