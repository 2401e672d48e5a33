import { loadEspeakEngine, type SpeechEngine, type SpeechEngineLoader } from './engine.ts';
import { errorMessage } from './errors.ts';
import { float32ToPcm16le, int16ToFloat32 } from './pcm.ts';
import { ResamplerCache } from './resampler.ts';

export interface SpeechOptions {
  /** Output rate of the mono PCM16 little-endian result. */
  sampleRate: number;
  /** espeak-ng voice, e.g. `en-us+m3` (male) or `en-us+f3` (female). */
  voice?: string;
  wordsPerMinute?: number;
  /** Bounds the whole call, including waiting for the engine to load and for earlier calls to finish. */
  timeoutMs?: number;
}

export const defaultVoice = 'en-us+m3';

/**
 * Text to speech in-process. The engine is loaded on first use and shared by every call; calls run one at a
 * time because the engine is synchronous and single-instance. A failed load or a failed synthesis rejects that
 * call only: the engine is loaded afresh by the next one.
 */
export class SpeechSynthesizer {
  readonly #loadEngine: SpeechEngineLoader;
  readonly #resamplers = new ResamplerCache();
  #engine: Promise<SpeechEngine> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(loadEngine: SpeechEngineLoader = loadEspeakEngine) {
    this.#loadEngine = loadEngine;
  }

  /** `text` as mono PCM16 little-endian at `options.sampleRate`. */
  synthesize(text: string, options: SpeechOptions): Promise<Buffer> {
    const { sampleRate, voice = defaultVoice, wordsPerMinute = 175, timeoutMs = 15_000 } = options;
    const deadline = performance.now() + timeoutMs;
    const job = this.#queue.then(() => {
      // Its caller has already been told it timed out.
      if (performance.now() > deadline) return Buffer.alloc(0);
      return this.#synthesizeNow(text, voice, wordsPerMinute, sampleRate);
    });
    this.#queue = job.catch(() => undefined);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`speech synthesis timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      job.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  async #synthesizeNow(text: string, voice: string, wordsPerMinute: number, sampleRate: number) {
    const engine = await this.#loadedEngine();
    let samples: Int16Array;
    try {
      samples = engine.synthesize(text, voice, wordsPerMinute);
    } catch (error) {
      // The engine's state after a failure is unknown; the next call starts from a fresh one.
      this.#engine = undefined;
      throw new Error(`speech synthesis failed (voice ${voice}): ${errorMessage(error)}`, { cause: error });
    }
    const resampled = await this.#resamplers.resample(int16ToFloat32(samples), engine.sampleRate, sampleRate);
    return float32ToPcm16le(resampled);
  }

  #loadedEngine(): Promise<SpeechEngine> {
    if (!this.#engine) {
      const loading = Promise.resolve()
        .then(this.#loadEngine)
        .catch((error: unknown) => {
          this.#engine = undefined;
          throw new Error(`speech engine failed to load: ${errorMessage(error)}`, { cause: error });
        });
      this.#engine = loading;
    }
    return this.#engine;
  }
}
