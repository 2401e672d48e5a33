import { describe, expect, it } from 'vitest';
import { newRoomName, roomNamePattern } from './room-name.ts';

describe('newRoomName', () => {
  it('is interview- plus 26 base32 characters (128 random bits)', () => {
    for (let i = 0; i < 100; i++) expect(newRoomName()).toMatch(roomNamePattern);
  });

  it('never repeats across 10,000 names', () => {
    const names = new Set(Array.from({ length: 10_000 }, newRoomName));
    expect(names.size).toBe(10_000);
  });

  it('uses every base32 symbol in every position over many names (no stuck bits)', () => {
    const seen = Array.from({ length: 26 }, () => new Set<string>());
    for (let i = 0; i < 5000; i++) {
      const random = newRoomName().slice('interview-'.length);
      for (let position = 0; position < 26; position++) seen[position]?.add(random[position] ?? '');
    }
    // The last character carries only 3 of the 128 bits (128 = 25 * 5 + 3): 8 possible symbols.
    expect(seen.slice(0, 25).every((symbols) => symbols.size === 32)).toBe(true);
    expect(seen[25]?.size).toBe(8);
  });
});
