'use client';
import { useRoomContext, useTranscriptions } from '@livekit/components-react';
import { useMemo } from 'react';
import { type TranscriptLine, transcriptLines } from '@/lib/client/transcript.ts';

/** Both sides of the conversation as the agent transcribes them (the library's `lk.transcription` streams). */
export function useTranscript(): TranscriptLine[] {
  const streams = useTranscriptions();
  const candidate = useRoomContext().localParticipant.identity;
  return useMemo(() => transcriptLines(streams, candidate), [streams, candidate]);
}
