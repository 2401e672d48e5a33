export interface VadOptions {
  sampleRate: number;
  /** Silence that ends a speech segment. */
  silenceDurationMs: number;
  /** Consecutive voiced audio needed before speech counts as started. */
  minSpeechMs: number;
  /** A frame is voiced when its RMS level is above this (dBFS). */
  thresholdDbfs: number;
}

export type VadEvent = 'speechStart' | 'speechEnd';

const frameMs = 20;

/** Energy-based voice activity detection over mono PCM16, timed by audio samples rather than the wall clock. */
export class EnergyVad {
  readonly #frameBytes: number;
  readonly #minSpeechFrames: number;
  readonly #silenceFrames: number;
  readonly #threshold: number;
  #remainder = Buffer.alloc(0);
  #voicedRun = 0;
  #silentRun = 0;
  #speaking = false;

  constructor(options: VadOptions) {
    this.#frameBytes = Math.round((options.sampleRate * frameMs) / 1000) * 2;
    this.#minSpeechFrames = Math.max(1, Math.ceil(options.minSpeechMs / frameMs));
    this.#silenceFrames = Math.max(1, Math.ceil(options.silenceDurationMs / frameMs));
    this.#threshold = 32768 * 10 ** (options.thresholdDbfs / 20);
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** How long after speech really started `speechStart` is reported (the voiced run it waits for). */
  get startLagMs(): number {
    return this.#minSpeechFrames * frameMs;
  }

  /** How long after speech really ended `speechEnd` is reported (the silence it waits for). */
  get endLagMs(): number {
    return this.#silenceFrames * frameMs;
  }

  /** Feeds audio of any length; returns the transitions it caused, in order. */
  push(pcm: Buffer): VadEvent[] {
    const events: VadEvent[] = [];
    let data = this.#remainder.length > 0 ? Buffer.concat([this.#remainder, pcm]) : pcm;
    while (data.length >= this.#frameBytes) {
      const event = this.#frame(data.subarray(0, this.#frameBytes));
      if (event) events.push(event);
      data = data.subarray(this.#frameBytes);
    }
    this.#remainder = Buffer.from(data);
    return events;
  }

  /** Ends any speech in progress (client said the stream ended, or went quiet on the wire). */
  flush(): VadEvent[] {
    this.#remainder = Buffer.alloc(0);
    this.#voicedRun = 0;
    this.#silentRun = 0;
    if (!this.#speaking) return [];
    this.#speaking = false;
    return ['speechEnd'];
  }

  #frame(frame: Buffer): VadEvent | undefined {
    let sumSquares = 0;
    const samples = frame.length / 2;
    for (let offset = 0; offset < frame.length; offset += 2) {
      const sample = frame.readInt16LE(offset);
      sumSquares += sample * sample;
    }
    const voiced = Math.sqrt(sumSquares / samples) > this.#threshold;
    if (voiced) {
      this.#voicedRun += 1;
      this.#silentRun = 0;
      if (!this.#speaking && this.#voicedRun >= this.#minSpeechFrames) {
        this.#speaking = true;
        return 'speechStart';
      }
    } else {
      this.#silentRun += 1;
      this.#voicedRun = 0;
      if (this.#speaking && this.#silentRun >= this.#silenceFrames) {
        this.#speaking = false;
        return 'speechEnd';
      }
    }
    return undefined;
  }
}
