import { synthesizeSpeech } from '@rehearse/speech';

/** Gemini's prebuilt voices that sound female get a female espeak variant; the rest male. */
const femaleVoices = new Set([
  'aoede',
  'kore',
  'leda',
  'zephyr',
  'autonoe',
  'callirrhoe',
  'despina',
  'erinome',
  'gacrux',
  'laomedeia',
  'pulcherrima',
  'sulafat',
  'vindemiatrix',
  'achernar',
]);

export function espeakVoiceFor(geminiVoice: string | undefined): string {
  return geminiVoice && femaleVoices.has(geminiVoice.toLowerCase()) ? 'en-us+f3' : 'en-us+m3';
}

/** Output synthesis for the model's voice: 24 kHz at `wordsPerMinute`, cached per (voice, text). */
export class SpeechCache {
  readonly #entries = new Map<string, Promise<Buffer>>();
  readonly #maxEntries: number;
  readonly #wordsPerMinute: number;

  constructor({ wordsPerMinute = 175, maxEntries = 256 } = {}) {
    this.#wordsPerMinute = wordsPerMinute;
    this.#maxEntries = maxEntries;
  }

  /** Loads the speech engine now, so the first turn of the first session does not wait for it. */
  warmUp(): Promise<Buffer> {
    return this.speak('Hello.', undefined);
  }

  speak(text: string, geminiVoice: string | undefined): Promise<Buffer> {
    const voice = espeakVoiceFor(geminiVoice);
    const key = `${voice}\u0000${text}`;
    const cached = this.#entries.get(key);
    if (cached) {
      // Re-insert so the map's order is least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const pending = synthesizeSpeech(text, {
      sampleRate: 24_000,
      voice,
      wordsPerMinute: this.#wordsPerMinute,
    });
    pending.catch(() => this.#entries.delete(key));
    this.#entries.set(key, pending);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return pending;
  }
}
