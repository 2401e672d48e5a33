import { describe, expect, it } from 'vitest';
import { emulatorOptionsSchema } from '../src/options.ts';
import { SpeechCache } from '../src/speech.ts';

const LINE = "Thanks. Tell me briefly about your background, and what you're proudest of.";

describe("the model's speaking pace", () => {
  it("is a person's by default, and a faster one says the same line in proportionally less time", async () => {
    expect(emulatorOptionsSchema.parse({}).voiceWordsPerMinute).toBe(175);
    const atDefault = await new SpeechCache().speak(LINE, 'Puck');
    const quick = await new SpeechCache({ wordsPerMinute: 350 }).speak(LINE, 'Puck');
    const ratio = quick.length / atDefault.length;
    // espeak-ng keeps its pauses a little longer than the words: about half, not exactly.
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.7);
  });

  it('refuses a pace no voice has', () => {
    expect(() => emulatorOptionsSchema.parse({ voiceWordsPerMinute: 1_000 })).toThrow();
  });
});
