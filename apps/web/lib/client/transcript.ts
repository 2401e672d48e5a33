/** The text-stream topic and attribute names LiveKit agents use for transcriptions (user and agent). */
export const TRANSCRIPTION_TOPIC = 'lk.transcription';
export const SEGMENT_ID_ATTRIBUTE = 'lk.segment_id';

export type Speaker = 'agent' | 'candidate';

export interface TranscriptLine {
  /** The segment id: interim updates of one utterance share it. */
  id: string;
  speaker: Speaker;
  text: string;
  /** False while the utterance is still being transcribed. */
  final: boolean;
}

/**
 * Adds or updates one utterance. Each text stream carries the whole text so far of its segment (a delta
 * stream is accumulated by the caller), so a later stream for the same segment replaces the earlier text;
 * the line keeps its original place in the conversation.
 */
export function upsertLine(lines: readonly TranscriptLine[], line: TranscriptLine): TranscriptLine[] {
  const index = lines.findIndex((existing) => existing.id === line.id);
  if (index === -1) return line.text.trim() === '' ? [...lines] : [...lines, line];
  const next = [...lines];
  next[index] = line;
  return next;
}
