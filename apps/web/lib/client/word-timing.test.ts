import { describe, expect, it } from 'vitest';
import { timeWords, wordAt } from './word-timing.ts';

describe('word timing', () => {
  it('spreads words over the voiced stretches only, by length', () => {
    // Two stretches of 1 s each; "aaa bbb" fills the first, "ccc ddd" the second.
    const words = timeWords(
      'aaa bbb ccc ddd',
      [
        { start_ms: 1000, end_ms: 2000 },
        { start_ms: 5000, end_ms: 6000 },
      ],
      8000,
    );
    expect(words.map((word) => [word.word, Math.round(word.startMs), Math.round(word.endMs)])).toEqual([
      ['aaa', 1000, 1500],
      ['bbb', 1500, 2000],
      ['ccc', 5000, 5500],
      ['ddd', 5500, 6000],
    ]);
    expect(wordAt(words, 500)).toBe(-1);
    expect(wordAt(words, 1200)).toBe(0);
    expect(wordAt(words, 3000)).toBe(1); // the pause keeps the last word lit
    expect(wordAt(words, 5600)).toBe(3);
  });

  it('uses the whole clip when no speech was detected, and nothing when no words were', () => {
    const words = timeWords('one two', [], 2000);
    expect(words.map((word) => Math.round(word.startMs))).toEqual([0, 1000]);
    expect(timeWords('  ', [{ start_ms: 0, end_ms: 10 }], 10)).toEqual([]);
  });
});
