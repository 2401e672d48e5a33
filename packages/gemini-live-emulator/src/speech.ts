import { spawn } from 'node:child_process';

export interface SynthesisOptions {
  /** Output rate of the mono PCM16 little-endian result. */
  sampleRate: number;
  /** espeak-ng voice, e.g. `en-us+m3`. */
  espeakVoice?: string;
  /** Words per minute. */
  wordsPerMinute?: number;
  timeoutMs?: number;
}

/**
 * Speaks `text` with espeak-ng and resamples it with sox to mono PCM16 at `sampleRate`.
 * Both run as child processes joined by a pipe; the whole job is bounded by a timeout.
 */
export function synthesizeSpeechPcm(text: string, options: SynthesisOptions): Promise<Buffer> {
  const { sampleRate, espeakVoice = 'en-us+m3', wordsPerMinute = 175, timeoutMs = 15_000 } = options;
  return new Promise((resolve, reject) => {
    const espeak = spawn(
      'espeak-ng',
      ['-v', espeakVoice, '-s', String(wordsPerMinute), '--stdout', '--', text],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const sox = spawn(
      'sox',
      [
        '-t',
        'wav',
        '-',
        '-t',
        'raw',
        '-r',
        String(sampleRate),
        '-e',
        'signed-integer',
        '-b',
        '16',
        '-c',
        '1',
        '-',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    const errors: string[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        espeak.kill('SIGKILL');
        sox.kill('SIGKILL');
        reject(error);
      } else {
        const pcm = Buffer.concat(chunks);
        resolve(pcm.subarray(0, pcm.length - (pcm.length % 2)));
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`speech synthesis timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    espeak.stdout.pipe(sox.stdin);
    // sox may exit before reading everything if it fails; its own exit reports the error.
    sox.stdin.on('error', () => undefined);
    espeak.stderr.on('data', (data: Buffer) => errors.push(data.toString()));
    sox.stderr.on('data', (data: Buffer) => errors.push(data.toString()));
    sox.stdout.on('data', (data: Buffer) => chunks.push(data));
    espeak.on('error', (error) => finish(new Error(`cannot run espeak-ng: ${error.message}`)));
    sox.on('error', (error) => finish(new Error(`cannot run sox: ${error.message}`)));
    espeak.on('close', (code) => {
      if (code !== 0) finish(new Error(`espeak-ng exited with ${code}: ${errors.join('').trim()}`));
    });
    sox.on('close', (code) => {
      if (code !== 0) finish(new Error(`sox exited with ${code}: ${errors.join('').trim()}`));
      else finish();
    });
  });
}

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

/** Output synthesis for the model's voice: 24 kHz, cached per (voice, text). */
export class SpeechCache {
  readonly #entries = new Map<string, Promise<Buffer>>();
  readonly #maxEntries: number;

  constructor(maxEntries = 256) {
    this.#maxEntries = maxEntries;
  }

  speak(text: string, geminiVoice: string | undefined): Promise<Buffer> {
    const espeakVoice = espeakVoiceFor(geminiVoice);
    const key = `${espeakVoice}\u0000${text}`;
    const cached = this.#entries.get(key);
    if (cached) {
      // Re-insert so the map's order is least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const pending = synthesizeSpeechPcm(text, { sampleRate: 24_000, espeakVoice });
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
