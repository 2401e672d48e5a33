import { writeFileSync } from 'node:fs';
import { synthesizeSpeech } from '@rehearse/speech';

const SAMPLE_RATE = 48_000;

/**
 * Half a second after the microphone opens, the line; then silence far longer than a turn takes to end and show,
 * so a test mutes (which releases the microphone) before the loop comes round to the line again.
 */
const UNMUTED_LINE = { beforeSeconds: 0.5, afterSeconds: 20 };

/**
 * A WAV for Chromium's fake microphone: `text` spoken by espeak-ng between stretches of silence. Chromium plays
 * the file from its start whenever the page opens the microphone, in a loop; the page releases the microphone on
 * mute, so each unmute while the agent is listening says the line once, `beforeSeconds` after the unmute.
 */
export async function writeCandidateWav(
  path: string,
  text: string,
  silence: { beforeSeconds: number; afterSeconds: number } = UNMUTED_LINE,
): Promise<{ lineSeconds: number }> {
  const speech = await synthesizeSpeech(text, { sampleRate: SAMPLE_RATE });
  const before = Buffer.alloc(Math.round(silence.beforeSeconds * SAMPLE_RATE) * 2);
  const after = Buffer.alloc(Math.round(silence.afterSeconds * SAMPLE_RATE) * 2);
  const pcm = Buffer.concat([before, speech, after]);
  writeFileSync(path, Buffer.concat([wavHeader(pcm.length), pcm]));
  return { lineSeconds: speech.length / 2 / SAMPLE_RATE };
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
