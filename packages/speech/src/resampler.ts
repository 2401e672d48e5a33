import { createRequire } from 'node:module';
import { errorMessage } from './errors.ts';

type Libsamplerate = typeof import('@alexanderolsen/libsamplerate-js');
type SRC = Awaited<ReturnType<Libsamplerate['create']>>;

/** libsamplerate resamplers, created once per (input rate, output rate) and kept for the process's life. */
export class ResamplerCache {
  readonly #byRates = new Map<string, Promise<SRC>>();

  /** `samples` at `inRate`, resampled to `outRate` (the same array when the rates are equal). */
  async resample(samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
    if (inRate === outRate) return samples;
    return (await this.#resampler(inRate, outRate)).simple(samples);
  }

  #resampler(inRate: number, outRate: number): Promise<SRC> {
    const key = `${inRate}>${outRate}`;
    let resampler = this.#byRates.get(key);
    if (!resampler) {
      resampler = createResampler(inRate, outRate);
      // A failed load is tried again next time rather than remembered.
      resampler.catch(() => this.#byRates.delete(key));
      this.#byRates.set(key, resampler);
    }
    return resampler;
  }
}

async function createResampler(inRate: number, outRate: number): Promise<SRC> {
  try {
    // The package is a UMD bundle: Node's ESM loader sees no named exports in it, so it is required.
    const { create, ConverterType } = createRequire(import.meta.url)(
      '@alexanderolsen/libsamplerate-js',
    ) as Libsamplerate;
    // The fastest sinc converter: ~97 dB SNR, far beyond what espeak-ng's output needs, at a third of the cost of
    // the medium one.
    return await create(1, inRate, outRate, { converterType: ConverterType.SRC_SINC_FASTEST });
  } catch (error) {
    throw new Error(`speech resampler failed to load: ${errorMessage(error)}`, { cause: error });
  }
}
