import { synthesizeSpeech } from '@rehearse/speech';
import { describe, expect, it } from 'vitest';
import { OPUS_GRANULE_RATE } from '../src/ogg-opus-writer.ts';
import { OpusClipEncoder } from '../src/opus-clip-encoder.ts';
import { SpeechSegmenter } from '../src/speech-segments.ts';
import { decodeOggOpus } from './decode-clip.ts';
import { type OggPage, readOggPages } from './ogg-reader.ts';

const RATE = 16_000;
const silence = (ms: number) => Buffer.alloc(RATE * (ms / 1000) * 2);

/** Real speech (espeak-ng), as the agent receives a candidate: 16 kHz mono PCM16, in 10 ms frames. */
async function answerAudio(): Promise<{ pcm: Buffer; speech: Array<[number, number]> }> {
  const first = await synthesizeSpeech('I led the migration of our billing system.', { sampleRate: RATE });
  const second = await synthesizeSpeech('It took three months.', { sampleRate: RATE });
  const parts = [silence(700), first, silence(1500), second, silence(900)];
  const ms = (pcm: Buffer) => (pcm.length / 2 / RATE) * 1000;
  const firstStart = 700;
  const secondStart = firstStart + ms(first) + 1500;
  return {
    pcm: Buffer.concat(parts),
    speech: [
      [firstStart, firstStart + ms(first)],
      [secondStart, secondStart + ms(second)],
    ],
  };
}

function* frames(pcm: Buffer, ms = 10): Generator<Buffer> {
  const size = (RATE / 1000) * ms * 2;
  for (let offset = 0; offset < pcm.length; offset += size) yield pcm.subarray(offset, offset + size);
}

describe('an answer encoded to Ogg Opus', () => {
  it('parses back: valid page CRCs, head and tags first, 48 kHz granules ending at the exact length', async () => {
    const { pcm } = await answerAudio();
    const encoder = new OpusClipEncoder({ sampleRate: RATE, bitrate: 24_000, maxDurationMs: 300_000 });
    for (const frame of frames(pcm)) encoder.push(frame);
    const clip = encoder.finish();
    const pages = readOggPages(clip.bytes);

    expect(pages.every((page) => page.crcMatches)).toBe(true);
    const damaged = clip.bytes.slice();
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] as number) ^ 0x01;
    expect(readOggPages(damaged).at(-1)?.crcMatches).toBe(false);
    expect(pages.map((page) => page.sequence)).toEqual(pages.map((_, index) => index));
    expect(new Set(pages.map((page) => page.serial)).size).toBe(1);
    const [headPage, tagsPage] = pages as [OggPage, OggPage];
    expect(headPage.flags).toBe(0x02);
    const headPacket = headPage.packets[0] as Uint8Array;
    expect(new TextDecoder().decode(headPacket.subarray(0, 8))).toBe('OpusHead');
    const head = new DataView(headPacket.slice().buffer);
    expect(head.getUint8(9)).toBe(1); // mono
    expect(head.getUint32(12, true)).toBe(RATE);
    const preSkip = head.getUint16(10, true);
    expect(new TextDecoder().decode((tagsPage.packets[0] as Uint8Array).subarray(0, 8))).toBe('OpusTags');
    expect(pages.at(-1)?.flags).toBe(0x04);
    expect(pages.some((page) => page.continues)).toBe(false);

    // Granules count decoded samples from 0 (pre-skip included), 960 per 20 ms packet; the last one trims the
    // padding of the final frame.
    const samples = pcm.length / 2;
    let granule = 0n;
    for (const page of pages.slice(2, -1)) {
      granule += BigInt(page.packets.length * 960);
      expect(page.granule).toBe(granule);
    }
    expect(pages.at(-1)?.granule).toBe(BigInt(preSkip + (samples * OPUS_GRANULE_RATE) / RATE));
    expect(clip.durationMs).toBe(Math.round((samples / RATE) * 1000));
    expect(clip.mimeType).toBe('audio/ogg; codecs=opus');
    // ≈24 kbit/s: 3 KB per second plus Ogg framing, an order of magnitude below the PCM.
    expect(clip.bytes.length / (clip.durationMs / 1000)).toBeLessThan(4_000);
  });

  it('decodes with libopus to audio of the same length whose speech is where it was sent', async () => {
    const { pcm, speech } = await answerAudio();
    const encoder = new OpusClipEncoder({ sampleRate: RATE, bitrate: 24_000, maxDurationMs: 300_000 });
    for (const frame of frames(pcm)) encoder.push(frame);
    const played = decodeOggOpus(encoder.finish().bytes);
    expect(played.length).toBe(pcm.length);

    const segmenter = new SpeechSegmenter(RATE);
    segmenter.push(played);
    const found = segmenter.finish();
    expect(found).toHaveLength(2);
    found.forEach((segment, index) => {
      const [start, end] = speech[index] as [number, number];
      expect(Math.abs(segment.startMs - start)).toBeLessThan(120);
      expect(Math.abs(segment.endMs - end)).toBeLessThan(200);
    });
  });

  it('keeps at most maxDurationMs and says so', () => {
    const encoder = new OpusClipEncoder({ sampleRate: RATE, bitrate: 24_000, maxDurationMs: 1_000 });
    for (const frame of frames(silence(2_500))) encoder.push(frame);
    const clip = encoder.finish();
    expect(clip).toMatchObject({ durationMs: 1_000, truncated: true });
  });

  it('costs little CPU per minute of audio (logged for docs/answer-replay.md)', async () => {
    const { pcm } = await answerAudio();
    const minute: Buffer[] = [];
    for (let ms = 0; ms < 60_000; ms += (pcm.length / 2 / RATE) * 1000) minute.push(pcm);
    const audio = Buffer.concat(minute).subarray(0, RATE * 60 * 2);
    const started = process.cpuUsage();
    const wall = performance.now();
    let longestPushMs = 0;
    const encoder = new OpusClipEncoder({ sampleRate: RATE, bitrate: 24_000, maxDurationMs: 300_000 });
    const segmenter = new SpeechSegmenter(RATE);
    for (const frame of frames(audio)) {
      const before = performance.now();
      encoder.push(frame);
      segmenter.push(frame);
      longestPushMs = Math.max(longestPushMs, performance.now() - before);
    }
    const clip = encoder.finish();
    segmenter.finish();
    const cpu = process.cpuUsage(started);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.info(
      `encode + VAD, 60 s of 16 kHz speech: ${cpuMs.toFixed(0)} ms CPU, ${(performance.now() - wall).toFixed(0)} ms wall, longest 10 ms frame ${longestPushMs.toFixed(2)} ms, ${clip.bytes.length} bytes`,
    );
    // Generous bound for a shared 2-core machine: a few percent of one core in real time.
    expect(cpuMs).toBeLessThan(6_000);
  });
});
