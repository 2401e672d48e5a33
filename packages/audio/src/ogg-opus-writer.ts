import { oggCrc32 } from './ogg-crc.ts';

/** Ogg Opus always counts granule positions in 48 kHz samples, whatever the input rate (RFC 7845 §4). */
export const OPUS_GRANULE_RATE = 48_000;

const HEADER_BYTES = 27;
const MAX_SEGMENTS = 255;
/** About one second of 20 ms packets per page: small pages seek finely, and cost 27 bytes + table each. */
const PACKETS_PER_PAGE = 50;

const FLAG_BOS = 0x02;
const FLAG_EOS = 0x04;

export interface OggOpusWriterOptions {
  /** The rate the PCM was encoded at (kept in OpusHead for information; decoders play at 48 kHz). */
  inputSampleRate: number;
  /** The encoder's lookahead in 48 kHz samples: decoders drop this many at the start. */
  preSkip: number;
  /** Ogg bitstream serial number; any 32-bit value, random in production. */
  serial: number;
  vendor?: string;
}

/**
 * Writes mono Opus packets into an Ogg Opus file (RFC 7845) as they come: the OpusHead and OpusTags
 * pages first, then audio pages of whole packets, the last one flagged end-of-stream with the exact
 * granule position so players trim the final packet's padding. Memory is the finished pages only.
 */
export class OggOpusWriter {
  readonly #pages: Uint8Array[] = [];
  readonly #options: OggOpusWriterOptions;
  #sequence = 0;
  #packets: Uint8Array[] = [];
  #segments = 0;
  /** 48 kHz samples decoded so far, pre-skip included: the first audio page's granule is its packets' length. */
  #granule = 0;
  #bytes = 0;
  #finished = false;

  constructor(options: OggOpusWriterOptions) {
    this.#options = options;
    this.#writePage([opusHead(options)], 0, FLAG_BOS);
    this.#writePage([opusTags(options.vendor ?? 'rehearse')], 0, 0);
  }

  /** Bytes written so far (finished pages). */
  get byteLength(): number {
    return this.#bytes;
  }

  /** One Opus packet that decodes to `samples48k` samples at 48 kHz (960 for a 20 ms frame). */
  addPacket(packet: Uint8Array, samples48k: number): void {
    if (this.#finished) throw new Error('the Ogg stream is finished');
    const segments = Math.floor(packet.length / 255) + 1;
    if (this.#segments + segments > MAX_SEGMENTS || this.#packets.length >= PACKETS_PER_PAGE) this.#flush(0);
    this.#packets.push(packet);
    this.#segments += segments;
    this.#granule += samples48k;
  }

  /**
   * Ends the stream. `totalSamples48k`, the length of the input audio at 48 kHz, sets the last granule
   * position so the padding of the final frame is not played (RFC 7845 §4.5).
   */
  finish(totalSamples48k: number): Uint8Array {
    if (!this.#finished) {
      this.#finished = true;
      this.#granule = Math.min(this.#granule, this.#options.preSkip + totalSamples48k);
      this.#flush(FLAG_EOS);
    }
    const file = new Uint8Array(this.#bytes);
    let offset = 0;
    for (const page of this.#pages) {
      file.set(page, offset);
      offset += page.length;
    }
    return file;
  }

  #flush(flags: number): void {
    if (this.#packets.length === 0 && flags !== FLAG_EOS) return;
    this.#writePage(this.#packets, this.#granule, flags);
    this.#packets = [];
    this.#segments = 0;
  }

  #writePage(packets: Uint8Array[], granule: number, flags: number): void {
    const lacing: number[] = [];
    for (const packet of packets) {
      for (let left = packet.length; ; left -= 255) {
        lacing.push(Math.min(left, 255));
        if (left < 255) break;
      }
    }
    const bodyBytes = packets.reduce((sum, packet) => sum + packet.length, 0);
    const page = new Uint8Array(HEADER_BYTES + lacing.length + bodyBytes);
    const view = new DataView(page.buffer);
    page.set([0x4f, 0x67, 0x67, 0x53]); // "OggS"
    view.setUint8(4, 0); // version
    view.setUint8(5, flags);
    view.setBigUint64(6, BigInt(granule), true);
    view.setUint32(14, this.#options.serial >>> 0, true);
    view.setUint32(18, this.#sequence, true);
    view.setUint8(26, lacing.length);
    page.set(lacing, HEADER_BYTES);
    let offset = HEADER_BYTES + lacing.length;
    for (const packet of packets) {
      page.set(packet, offset);
      offset += packet.length;
    }
    view.setUint32(22, oggCrc32(page), true); // computed with the CRC field still zero
    this.#sequence += 1;
    this.#pages.push(page);
    this.#bytes += page.length;
  }
}

function opusHead({ inputSampleRate, preSkip }: OggOpusWriterOptions): Uint8Array {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode('OpusHead'));
  view.setUint8(8, 1); // version
  view.setUint8(9, 1); // mono
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputSampleRate, true);
  view.setInt16(16, 0, true); // output gain
  view.setUint8(18, 0); // channel mapping family 0: mono or stereo, no table
  return head;
}

function opusTags(vendor: string): Uint8Array {
  const vendorBytes = new TextEncoder().encode(vendor);
  const tags = new Uint8Array(8 + 4 + vendorBytes.length + 4);
  const view = new DataView(tags.buffer);
  tags.set(new TextEncoder().encode('OpusTags'));
  view.setUint32(8, vendorBytes.length, true);
  tags.set(vendorBytes, 12);
  view.setUint32(12 + vendorBytes.length, 0, true); // no user comments
  return tags;
}
