import { describe, expect, it } from 'vitest';
import { oggCrc32 } from '../src/ogg-crc.ts';

describe('Ogg CRC-32', () => {
  it('is the unreflected 0x04C11DB7 CRC with initial value 0 (CRC-32/MPEG-2 without its init and final XOR)', () => {
    // Reference values of this exact variant ("CRC-32/OGG"): check value for "123456789".
    expect(oggCrc32(new TextEncoder().encode('123456789'))).toBe(0x89a1897f);
    expect(oggCrc32(new Uint8Array())).toBe(0);
  });
});
