import type { RecordingView } from '@rehearse/api-contract';

export interface TimedWord {
  word: string;
  startMs: number;
  endMs: number;
}

/**
 * When each transcribed word was probably said: the words are spread over the clip's voiced time (the
 * speech segments from the agent's VAD), each taking a share proportional to its length, so silences and
 * Noah's turns get none. Without segments they are spread over the whole clip. An estimate: Gemini's
 * transcription carries no word timestamps.
 */
export function timeWords(
  text: string,
  segments: RecordingView['speech_segments'],
  durationMs: number,
): TimedWord[] {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const voiced = segments.filter((segment) => segment.end_ms > segment.start_ms);
  const spans = voiced.length > 0 ? voiced : [{ start_ms: 0, end_ms: durationMs }];
  const voicedMs = spans.reduce((sum, span) => sum + span.end_ms - span.start_ms, 0);
  const weights = words.map((word) => word.length + 1);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const toClipTime = (offset: number) => {
    let left = offset;
    for (const span of spans) {
      const length = span.end_ms - span.start_ms;
      if (left <= length) return span.start_ms + left;
      left -= length;
    }
    return spans.at(-1)?.end_ms ?? 0;
  };
  let offset = 0;
  return words.map((word, index) => {
    const share = ((weights[index] ?? 0) / totalWeight) * voicedMs;
    // A word starts just inside its span, not on the previous span's end.
    const timed = { word, startMs: toClipTime(offset + 1e-6), endMs: toClipTime(offset + share) };
    offset += share;
    return timed;
  });
}

/** The word being said at `ms` (the last one started; it stays lit through a pause), or -1 before the first. */
export function wordAt(words: TimedWord[], ms: number): number {
  let current = -1;
  for (const [index, word] of words.entries()) {
    if (word.startMs > ms) break;
    current = index;
  }
  return current;
}
