import { randomBytes } from 'node:crypto';

export const ROOM_NAME_PREFIX = 'interview-';
const RANDOM_BYTES = 16; // 128 bits from the OS CSPRNG: unguessable and, in practice, never repeated
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648, lower case, no padding

/** `interview-` + 26 base32 characters carrying 128 random bits. */
export function newRoomName(): string {
  return ROOM_NAME_PREFIX + base32(randomBytes(RANDOM_BYTES));
}

export const roomNamePattern = /^interview-[a-z2-7]{26}$/;

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
