import { writeFileSync } from 'node:fs';
import { synthesizeSpeech } from '@rehearse/speech';

const SAMPLE_RATE = 48_000;

/**
 * A WAV for Chromium's fake microphone: `text` spoken by espeak-ng between stretches of silence. Chromium plays
 * the file in a loop, so the candidate "says" the line once per period; the test decides which repetition the
 * agent hears by unmuting the microphone only while the agent is listening.
 */
export async function writeCandidateWav(
  path: string,
  text: string,
  silence: { beforeSeconds: number; afterSeconds: number },
): Promise<{ periodSeconds: number }> {
  const speech = await synthesizeSpeech(text, { sampleRate: SAMPLE_RATE });
  const before = Buffer.alloc(Math.round(silence.beforeSeconds * SAMPLE_RATE) * 2);
  const after = Buffer.alloc(Math.round(silence.afterSeconds * SAMPLE_RATE) * 2);
  const pcm = Buffer.concat([before, speech, after]);
  writeFileSync(path, Buffer.concat([wavHeader(pcm.length), pcm]));
  return { periodSeconds: pcm.length / 2 / SAMPLE_RATE };
}

/** 44-byte RIFF header for mono 16-bit PCM. */
function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
