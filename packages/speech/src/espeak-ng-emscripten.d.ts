// The package ships JavaScript only; these are the parts of its embind API that engine.ts uses.
declare module '@echogarden/espeak-ng-emscripten' {
  export interface ESpeakNGWorker {
    /** 0 on success, an espeak-ng error status otherwise (e.g. an unknown voice). */
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    get_samplerate(): number;
    /** Calls `onAudio` with each chunk of mono PCM16 (a copy) as it is produced; returning true stops. */
    synthesize(text: string, onAudio: (samples: Int16Array, events: unknown[]) => boolean): void;
  }

  export interface ESpeakNGModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }

  export default function createModule(options?: Record<string, unknown>): Promise<ESpeakNGModule>;
}
