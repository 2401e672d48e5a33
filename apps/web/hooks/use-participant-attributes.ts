'use client';
import { type Participant, ParticipantEvent } from 'livekit-client';
import { useEffect, useState } from 'react';

/** A participant's attributes, updated whenever they change (components-react 3 has no such hook). */
export function useParticipantAttributes(
  participant: Participant | undefined,
): Readonly<Record<string, string>> {
  const [attributes, setAttributes] = useState<Readonly<Record<string, string>>>(
    () => participant?.attributes ?? {},
  );
  useEffect(() => {
    if (!participant) {
      setAttributes({});
      return;
    }
    const update = () => setAttributes({ ...participant.attributes });
    update();
    participant.on(ParticipantEvent.AttributesChanged, update);
    return () => {
      participant.off(ParticipantEvent.AttributesChanged, update);
    };
  }, [participant]);
  return attributes;
}
