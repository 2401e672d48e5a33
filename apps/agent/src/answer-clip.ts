import { OpusClipEncoder, type SpeechSegment, SpeechSegmenter } from '@rehearse/audio';

/** Opus at 24 kbit/s: speech stays clear, a 5-minute answer is under 1 MB. */
const BITRATE = 24_000;

/** What one answered question left behind: the clip and its timing, ready to store. */
export interface FinishedClip {
  questionId: string;
  questionIndex: number;
  audio: Uint8Array;
  mimeType: string;
  durationMs: number;
  truncated: boolean;
  speechSegments: SpeechSegment[];
  agentSpeechMs: number;
  candidateText: string;
}

/**
 * The candidate's audio while one question is current, as it arrives: encoded (Opus in Ogg) and cut into
 * speech segments on the same PCM, plus Noah's speaking time and the candidate's transcribed words.
 */
export class AnswerClip {
  readonly #encoder: OpusClipEncoder;
  readonly #segmenter: SpeechSegmenter;
  /** Per transcription item (one user turn), its latest text: Gemini's partial transcripts are cumulative. */
  readonly #texts = new Map<string, string>();
  #agentSpeechMs = 0;
  #overflowed = false;
  #agentSpeakingSince: number | undefined;

  constructor(
    readonly questionId: string,
    readonly questionIndex: number,
    sampleRate: 16_000 | 24_000 | 48_000,
    readonly maxDurationMs: number,
    agentSpeaking: boolean,
    now: number,
  ) {
    this.#encoder = new OpusClipEncoder({ sampleRate, bitrate: BITRATE, maxDurationMs });
    this.#segmenter = new SpeechSegmenter(sampleRate);
    if (agentSpeaking) this.#agentSpeakingSince = now;
  }

  get durationMs(): number {
    return this.#encoder.durationMs;
  }

  pushAudio(pcm: Buffer): void {
    if (this.#encoder.durationMs >= this.maxDurationMs) {
      this.#overflowed = true;
      return;
    }
    this.#encoder.push(pcm);
    this.#segmenter.push(pcm);
  }

  agentSpeaking(speaking: boolean, now: number): void {
    if (speaking) this.#agentSpeakingSince ??= now;
    else if (this.#agentSpeakingSince !== undefined) {
      this.#agentSpeechMs += now - this.#agentSpeakingSince;
      this.#agentSpeakingSince = undefined;
    }
  }

  userText(itemId: string, transcript: string): void {
    this.#texts.set(itemId, transcript.trim());
  }

  finish(now: number): FinishedClip {
    this.agentSpeaking(false, now);
    const encoded = this.#encoder.finish();
    return {
      questionId: this.questionId,
      questionIndex: this.questionIndex,
      audio: encoded.bytes,
      mimeType: encoded.mimeType,
      durationMs: encoded.durationMs,
      truncated: encoded.truncated || this.#overflowed,
      // The last frame may go past the clip's end when it filled up.
      speechSegments: this.#segmenter
        .finish()
        .map((segment) => ({ startMs: segment.startMs, endMs: Math.min(segment.endMs, encoded.durationMs) }))
        .filter((segment) => segment.startMs < segment.endMs),
      agentSpeechMs: this.#agentSpeechMs,
      candidateText: [...this.#texts.values()].filter((text) => text !== '').join(' '),
    };
  }
}
