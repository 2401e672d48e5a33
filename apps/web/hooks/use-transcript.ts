'use client';
import { useRoomContext } from '@livekit/components-react';
import type { TextStreamReader } from 'livekit-client';
import { useEffect, useState } from 'react';
import {
  SEGMENT_ID_ATTRIBUTE,
  TRANSCRIPTION_TOPIC,
  type TranscriptLine,
  upsertLine,
} from '@/lib/client/transcript.ts';

/**
 * Both sides of the conversation as the agent transcribes them: it publishes text streams on
 * `lk.transcription`, sent on behalf of the candidate for their speech and as itself for its own.
 */
export function useTranscript(): TranscriptLine[] {
  const room = useRoomContext();
  const [lines, setLines] = useState<TranscriptLine[]>([]);

  useEffect(() => {
    const handle = async (reader: TextStreamReader, sender: { identity: string }) => {
      const id = reader.info.attributes?.[SEGMENT_ID_ATTRIBUTE] ?? reader.info.id;
      const speaker = sender.identity === room.localParticipant.identity ? 'candidate' : 'agent';
      let text = '';
      try {
        for await (const chunk of reader) {
          text += chunk;
          setLines((current) => upsertLine(current, { id, speaker, text, final: false }));
        }
      } catch {
        // A stream cut by a disconnect keeps what arrived.
      }
      setLines((current) => upsertLine(current, { id, speaker, text, final: true }));
    };
    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, sender) => void handle(reader, sender));
    return () => room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
  }, [room]);

  return lines;
}
