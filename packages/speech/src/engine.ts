/** A text-to-speech engine: synchronous and single-instance, so callers must not run two syntheses at once. */
export interface SpeechEngine {
  /** Rate of the samples `synthesize` returns. */
  readonly sampleRate: number;
  /** `text` spoken by `voice` at `wordsPerMinute`, as mono PCM16 samples at `sampleRate`. Throws on failure. */
  synthesize(text: string, voice: string, wordsPerMinute: number): Int16Array;
}

export type SpeechEngineLoader = () => Promise<SpeechEngine>;

/** espeak-ng compiled to JavaScript (wasm2js), with its voice data; about 40 MiB once loaded. */
export async function loadEspeakEngine(): Promise<SpeechEngine> {
  const { default: createModule } = await import('@echogarden/espeak-ng-emscripten');
  const espeak = new (await createModule()).eSpeakNGWorker();
  return {
    sampleRate: espeak.get_samplerate(),
    synthesize(text, voice, wordsPerMinute) {
      const status = espeak.set_voice(voice);
      if (status !== 0) throw new Error(`espeak-ng has no voice "${voice}" (status ${status})`);
      espeak.set_rate(wordsPerMinute);
      const chunks: Int16Array[] = [];
      espeak.synthesize(text, (samples) => {
        chunks.push(samples);
        return false;
      });
      return concatSamples(chunks);
    },
  };
}

function concatSamples(chunks: readonly Int16Array[]): Int16Array {
  const all = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
