import { randomInt } from 'node:crypto';
import OpusScript from 'opusscript';
import { OGG_OPUS_MIME_TYPE } from './mime.ts';
import { OggOpusWriter, OPUS_GRANULE_RATE } from './ogg-opus-writer.ts';

const FRAME_MS = 20;
/** libopus' encoder lookahead for the VOIP/AUDIO applications, 6.5 ms, in 48 kHz samples (what opusenc writes). */
const PRE_SKIP_48K = 312;

export interface OpusClipOptions {
  /** Mono PCM16 at one of Opus' rates. */
  sampleRate: 8000 | 12000 | 16000 | 24000 | 48000;
  bitrate: number;
  /** Audio past this is not kept: bounds the memory one clip can take. */
  maxDurationMs: number;
}

export interface EncodedClip {
  bytes: Uint8Array;
  mimeType: string;
  durationMs: number;
  /** Audio arrived past maxDurationMs and was left out. */
  truncated: boolean;
}

/**
 * Encodes mono PCM16 to Opus in Ogg as it arrives: each `push` encodes the whole 20 ms frames it
 * completes (a fraction of a millisecond of CPU each), so the event loop is never held for long, and
 * memory is the compressed clip (≈3 KB per second at 24 kbit/s), capped by `maxDurationMs`.
 */
export class OpusClipEncoder {
  readonly #encoder: OpusScript;
  readonly #ogg: OggOpusWriter;
  readonly #frameBytes: number;
  readonly #maxSamples: number;
  readonly #options: OpusClipOptions;
  #pending: Buffer = Buffer.alloc(0);
  #samples = 0;
  #encodedSamples = 0;
  #truncated = false;
  #finished: EncodedClip | undefined;

  constructor(options: OpusClipOptions) {
    this.#options = options;
    this.#encoder = new OpusScript(options.sampleRate, 1, OpusScript.Application.VOIP);
    this.#encoder.setBitrate(options.bitrate);
    this.#frameBytes = (options.sampleRate / 1000) * FRAME_MS * 2;
    this.#maxSamples = Math.floor((options.sampleRate * options.maxDurationMs) / 1000);
    this.#ogg = new OggOpusWriter({
      inputSampleRate: options.sampleRate,
      preSkip: PRE_SKIP_48K,
      serial: randomInt(0, 2 ** 32),
    });
  }

  get durationMs(): number {
    return Math.round((this.#samples / this.#options.sampleRate) * 1000);
  }

  /** Compressed bytes so far. */
  get byteLength(): number {
    return this.#ogg.byteLength;
  }

  push(pcm: Buffer): void {
    if (this.#finished) return;
    const room = (this.#maxSamples - this.#samples) * 2;
    if (pcm.length > room) this.#truncated = true;
    const kept = pcm.length > room ? pcm.subarray(0, room) : pcm;
    if (kept.length === 0) return;
    this.#samples += kept.length / 2;
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, kept]) : kept;
    while (data.length >= this.#frameBytes) {
      this.#encodeFrame(data.subarray(0, this.#frameBytes));
      data = data.subarray(this.#frameBytes);
    }
    this.#pending = Buffer.from(data);
  }

  /**
   * The finished file. Silence is encoded after the audio until the encoder's lookahead has come out too
   * (as opusenc does); the last granule position trims it, so the clip plays exactly the audio pushed.
   */
  finish(): EncodedClip {
    if (!this.#finished) {
      const lookahead = (PRE_SKIP_48K * this.#options.sampleRate) / OPUS_GRANULE_RATE;
      const needed = this.#samples + lookahead;
      let tail = Buffer.concat([this.#pending, Buffer.alloc(lookahead * 2)]);
      while (this.#encodedSamples < needed || this.#encodedSamples === 0) {
        const frame = Buffer.alloc(this.#frameBytes);
        tail.copy(frame);
        tail = tail.subarray(Math.min(tail.length, this.#frameBytes));
        this.#encodeFrame(frame);
      }
      const bytes = this.#ogg.finish((this.#samples * OPUS_GRANULE_RATE) / this.#options.sampleRate);
      this.#encoder.delete();
      this.#finished = {
        bytes,
        mimeType: OGG_OPUS_MIME_TYPE,
        durationMs: this.durationMs,
        truncated: this.#truncated,
      };
    }
    return this.#finished;
  }

  #encodeFrame(frame: Buffer): void {
    const samples = frame.length / 2;
    this.#encodedSamples += samples;
    const packet = this.#encoder.encode(frame, samples);
    this.#ogg.addPacket(new Uint8Array(packet), (samples * OPUS_GRANULE_RATE) / this.#options.sampleRate);
  }
}
