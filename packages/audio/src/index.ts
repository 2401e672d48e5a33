export { EnergyVad, type VadEvent, type VadOptions } from './energy-vad.ts';
export { OGG_OPUS_MIME_TYPE } from './mime.ts';
export { oggCrc32 } from './ogg-crc.ts';
export { OggOpusWriter, OPUS_GRANULE_RATE } from './ogg-opus-writer.ts';
export { type EncodedClip, OpusClipEncoder, type OpusClipOptions } from './opus-clip-encoder.ts';
export { CANDIDATE_VAD, type SpeechSegment, SpeechSegmenter } from './speech-segments.ts';
