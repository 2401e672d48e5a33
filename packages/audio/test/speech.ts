import { synthesizeSpeech } from '@rehearse/speech';

const speechCache = new Map<string, Promise<Buffer>>();

/** Real speech (espeak-ng, female voice) as a client sends it: 16 kHz PCM16, then silence. */
export function userSpeech(text: string, trailingSilenceMs = 1200): Promise<Buffer> {
  let pending = speechCache.get(text);
  if (!pending) {
    pending = synthesizeSpeech(text, { sampleRate: 16_000, voice: 'en-us+f2' }).then((pcm) =>
      Buffer.concat([pcm, Buffer.alloc(Math.round(16 * trailingSilenceMs) * 2)]),
    );
    speechCache.set(text, pending);
  }
  return pending;
}
