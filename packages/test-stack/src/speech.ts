import { synthesizeSpeech } from '@rehearse/speech';

/** The candidate's line as real speech (espeak-ng, in-process), 48 kHz mono PCM16 for an rtc-node microphone. */
export async function candidateSpeech(text: string): Promise<Int16Array> {
  const pcm = await synthesizeSpeech(text, { sampleRate: 48_000 });
  const samples = new Int16Array(pcm.byteLength / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  // Trailing silence lets the model's voice activity detection end the turn.
  const withSilence = new Int16Array(samples.length + 48_000);
  withSilence.set(samples);
  return withSilence;
}
