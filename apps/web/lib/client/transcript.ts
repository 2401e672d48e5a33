import type { TextStreamData } from '@livekit/components-react';

/** Set to "true" by LiveKit agents on the last update of a transcribed segment (the candidate's speech). */
const TRANSCRIPTION_FINAL_ATTRIBUTE = 'lk.transcription_final';

export type Speaker = 'agent' | 'candidate';

export interface TranscriptLine {
  /** The text stream's id (the library merges a segment's updates into one entry). */
  id: string;
  speaker: Speaker;
  text: string;
  /** The agent marked the segment final; Noah's own lines end without such a mark. */
  final: boolean;
}

export const SPEAKER_NAMES: Record<Speaker, string> = { agent: 'Noah', candidate: 'You' };

/**
 * The conversation as lines, from `useTranscriptions()`: the agent sends the candidate's words on their behalf
 * (sender = the candidate) and its own as itself. Streams with no words yet are left out.
 */
export function transcriptLines(
  streams: readonly TextStreamData[],
  candidateIdentity: string,
): TranscriptLine[] {
  return streams
    .filter((stream) => stream.text.trim() !== '')
    .map((stream) => ({
      id: stream.streamInfo.id,
      speaker: stream.participantInfo.identity === candidateIdentity ? 'candidate' : 'agent',
      text: stream.text,
      final: stream.streamInfo.attributes?.[TRANSCRIPTION_FINAL_ATTRIBUTE] === 'true',
    }));
}

export interface Announcement {
  id: string;
  text: string;
}

/**
 * What the transcript's live region says next: the newest line that has finished — marked final, followed by
 * another line, or unchanged since it went quiet (`quietLineId`). It never moves back to an older line, so a
 * screen reader hears each line once, whole, rather than every word as it is transcribed.
 */
export function nextAnnouncement(
  lines: readonly TranscriptLine[],
  current: Announcement | null,
  quietLine: Announcement | null,
): Announcement | null {
  const last = lines.at(-1);
  const lastDone =
    last !== undefined && (last.final || (quietLine?.id === last.id && quietLine.text === last.text));
  const finished = lastDone ? last : lines.at(-2);
  if (!finished) return current;
  const currentIndex = current ? lines.findIndex((line) => line.id === current.id) : -1;
  if (currentIndex > lines.indexOf(finished)) return current;
  const text = `${SPEAKER_NAMES[finished.speaker]}: ${finished.text}`;
  return current?.id === finished.id && current.text === text ? current : { id: finished.id, text };
}
