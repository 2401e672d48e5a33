import { type SpeechOptions, SpeechSynthesizer } from './synthesizer.ts';

export { loadEspeakEngine, type SpeechEngine, type SpeechEngineLoader } from './engine.ts';
export { defaultVoice, type SpeechOptions, SpeechSynthesizer } from './synthesizer.ts';

const shared = new SpeechSynthesizer();

/**
 * `text` spoken by espeak-ng (in-process, no system programs) as mono PCM16 little-endian at
 * `options.sampleRate`. One engine per process, loaded on the first call.
 */
export function synthesizeSpeech(text: string, options: SpeechOptions): Promise<Buffer> {
  return shared.synthesize(text, options);
}
