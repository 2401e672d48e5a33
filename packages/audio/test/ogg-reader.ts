import { oggCrc32 } from '../src/ogg-crc.ts';

export interface OggPage {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  crcMatches: boolean;
  packets: Uint8Array[];
  /** The last packet continues on the next page. */
  continues: boolean;
}

/** Parses an Ogg file page by page (RFC 3533), checking each page's CRC; test-only, so it trusts lengths. */
export function readOggPages(file: Uint8Array): OggPage[] {
  const pages: OggPage[] = [];
  let offset = 0;
  while (offset < file.length) {
    const view = new DataView(file.buffer, file.byteOffset + offset);
    if (new TextDecoder().decode(file.subarray(offset, offset + 4)) !== 'OggS')
      throw new Error(`no OggS at ${offset}`);
    const segmentCount = view.getUint8(26);
    const lacing = file.subarray(offset + 27, offset + 27 + segmentCount);
    const bodyLength = lacing.reduce((sum, value) => sum + value, 0);
    const pageLength = 27 + segmentCount + bodyLength;
    const page = Uint8Array.from(file.subarray(offset, offset + pageLength));
    const storedCrc = new DataView(page.buffer).getUint32(22, true);
    new DataView(page.buffer).setUint32(22, 0, true);
    const packets: Uint8Array[] = [];
    let body = offset + 27 + segmentCount;
    let current: number[] = [];
    let start = body;
    for (const value of lacing) {
      body += value;
      if (value < 255) {
        packets.push(file.subarray(start, body));
        start = body;
        current = [];
      } else current.push(value);
    }
    pages.push({
      flags: view.getUint8(5),
      granule: view.getBigUint64(6, true),
      serial: view.getUint32(14, true),
      sequence: view.getUint32(18, true),
      crcMatches: oggCrc32(page) === storedCrc,
      packets,
      continues: current.length > 0,
    });
    offset += pageLength;
  }
  return pages;
}
