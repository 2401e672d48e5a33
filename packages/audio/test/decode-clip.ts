import OpusScript from 'opusscript';
import { OPUS_GRANULE_RATE } from '../src/ogg-opus-writer.ts';
import { readOggPages } from './ogg-reader.ts';

/**
 * Decodes an Ogg Opus clip of ours back to mono PCM16 at `sampleRate` with libopus, as a player would: every
 * page's CRC checked, the pre-skip dropped and the end trimmed at the last granule position.
 */
export function decodeOggOpus(file: Uint8Array, sampleRate: 16_000 | 48_000 = 16_000): Buffer {
  const pages = readOggPages(file);
  if (!pages.every((page) => page.crcMatches)) throw new Error('an Ogg page has a bad CRC');
  const head = pages[0]?.packets[0];
  if (!head || new TextDecoder().decode(head.subarray(0, 8)) !== 'OpusHead') throw new Error('no OpusHead');
  const preSkip = new DataView(head.slice().buffer).getUint16(10, true);
  const decoder = new OpusScript(sampleRate, 1);
  try {
    const pcm = Buffer.concat(
      pages.slice(2).flatMap((page) => page.packets.map((packet) => decoder.decode(Buffer.from(packet)))),
    );
    const scale = sampleRate / OPUS_GRANULE_RATE;
    const last = Number(pages.at(-1)?.granule ?? 0n);
    return pcm.subarray(Math.round(preSkip * scale) * 2, Math.round(last * scale) * 2);
  } finally {
    decoder.delete();
  }
}
