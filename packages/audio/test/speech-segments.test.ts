import { describe, expect, it } from 'vitest';
import { SpeechSegmenter } from '../src/speech-segments.ts';

const RATE = 16_000;
const silence = (ms: number) => Buffer.alloc((RATE / 1000) * ms * 2);
/** A 200 Hz tone at about -12 dBFS: voiced for an energy VAD. */
function tone(ms: number): Buffer {
  const samples = (RATE / 1000) * ms;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1)
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / RATE)), i * 2);
  return pcm;
}

describe('speech segments', () => {
  it('places each voiced stretch where it is, whatever the piece size, and closes speech at the end', () => {
    const audio = Buffer.concat([silence(500), tone(1000), silence(800), tone(400), silence(600), tone(300)]);
    for (const piece of [320, 333, 4096, audio.length]) {
      const segmenter = new SpeechSegmenter(RATE);
      for (let offset = 0; offset < audio.length; offset += piece)
        segmenter.push(audio.subarray(offset, offset + piece));
      expect(segmenter.finish()).toEqual([
        { startMs: 500, endMs: 1500 },
        { startMs: 2300, endMs: 2700 },
        { startMs: 3300, endMs: 3600 },
      ]);
    }
  });

  it('finds nothing in silence, and ignores a click shorter than the minimum speech', () => {
    const segmenter = new SpeechSegmenter(RATE);
    segmenter.push(Buffer.concat([silence(1000), tone(20), silence(1000)]));
    expect(segmenter.finish()).toEqual([]);
  });
});
