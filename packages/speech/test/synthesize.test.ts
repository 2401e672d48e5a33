import { describe, expect, it } from 'vitest';
import { loadEspeakEngine, SpeechSynthesizer, synthesizeSpeech } from '../src/index.ts';

const line = 'Tell me about a project you are proud of, and what you would do differently today.';

function samples(pcm: Buffer): Int16Array {
  return new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
}

/** Share of 20 ms frames louder than −45 dBFS: what the emulator's energy VAD counts as speech. */
function voicedShare(pcm: Buffer, sampleRate: number): number {
  const all = samples(pcm);
  const frame = sampleRate / 50;
  let voiced = 0;
  let frames = 0;
  for (let start = 0; start + frame <= all.length; start += frame, frames++) {
    let sumSquares = 0;
    for (let i = start; i < start + frame; i++) sumSquares += ((all[i] ?? 0) / 32_768) ** 2;
    if (10 * Math.log10(sumSquares / frame + 1e-12) > -45) voiced++;
  }
  return voiced / frames;
}

describe('synthesizeSpeech', () => {
  it('speaks a line as PCM16 at the rate asked for, the same speech at every rate', async () => {
    const seconds: number[] = [];
    for (const sampleRate of [16_000, 24_000, 48_000]) {
      const pcm = await synthesizeSpeech(line, { sampleRate });
      seconds.push(pcm.length / 2 / sampleRate);
      expect(voicedShare(pcm, sampleRate)).toBeGreaterThan(0.6);
    }
    // ~15 words at 175 words per minute.
    expect(seconds[0]).toBeGreaterThan(3);
    expect(seconds[0]).toBeLessThan(8);
    for (const duration of seconds) expect(Math.abs(duration / (seconds[0] ?? 0) - 1)).toBeLessThan(0.01);
  });

  it('speaks faster when asked to', async () => {
    const normal = await synthesizeSpeech(line, { sampleRate: 16_000 });
    const fast = await synthesizeSpeech(line, { sampleRate: 16_000, wordsPerMinute: 350 });
    expect(fast.length).toBeLessThan(normal.length * 0.7);
  });

  it('loads the engine once for concurrent calls, and gives each call its own speech', async () => {
    let loads = 0;
    const synthesizer = new SpeechSynthesizer(() => {
      loads++;
      return loadEspeakEngine();
    });
    // Lengths far apart, since espeak-ng varies each rendering slightly (its voices add random jitter).
    const texts = ['Hello.', 'Welcome to the practice interview.', line];
    const options = { sampleRate: 24_000 };
    const together = await Promise.all(texts.map((text) => synthesizer.synthesize(text, options)));
    expect(loads).toBe(1);
    for (const [index, text] of texts.entries()) {
      const alone = await synthesizer.synthesize(text, options);
      expect(Math.abs((together[index]?.length ?? 0) / alone.length - 1)).toBeLessThan(0.02);
    }
  });

  it('rejects an unknown voice with a message naming it, and keeps working', async () => {
    await expect(synthesizeSpeech('Hello.', { sampleRate: 16_000, voice: 'xx-nowhere' })).rejects.toThrow(
      'speech synthesis failed (voice xx-nowhere): espeak-ng has no voice "xx-nowhere"',
    );
    expect((await synthesizeSpeech('Hello.', { sampleRate: 16_000 })).length).toBeGreaterThan(8_000);
  });

  it('rejects a call that cannot finish in time', async () => {
    const neverLoads = new SpeechSynthesizer(() => new Promise(() => undefined));
    await expect(neverLoads.synthesize('Hello.', { sampleRate: 16_000, timeoutMs: 50 })).rejects.toThrow(
      'speech synthesis timed out after 50 ms',
    );
  });
});
