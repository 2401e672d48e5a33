import { describe, expect, it } from 'vitest';
import { EnergyVad } from '../src/energy-vad.ts';
import { userSpeech } from './speech.ts';

const options = { sampleRate: 16_000, silenceDurationMs: 500, minSpeechMs: 60, thresholdDbfs: -45 };

describe('energy VAD', () => {
  it('finds one utterance in espeak speech followed by silence, whatever the chunk size', async () => {
    const pcm = await userSpeech('I am ready to begin.', 1000);
    for (const chunkBytes of [2, 641, 1600, 32_000, pcm.length]) {
      const vad = new EnergyVad(options);
      const events = [];
      for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
        events.push(...vad.push(pcm.subarray(offset, offset + chunkBytes)));
      }
      expect(events).toEqual(['speechStart', 'speechEnd']);
    }
  });

  it('stays quiet on silence and ends open speech on flush', async () => {
    const vad = new EnergyVad(options);
    expect(vad.push(Buffer.alloc(32_000))).toEqual([]);
    expect(vad.flush()).toEqual([]);
    const pcm = await userSpeech('Hello there.', 0);
    expect(vad.push(pcm.subarray(0, 8_000))).toEqual(['speechStart']);
    expect(vad.flush()).toEqual(['speechEnd']);
  });
});
