'use client';
import { useTrackToggle } from '@livekit/components-react';
import { Track } from 'livekit-client';

/** Mute/unmute the microphone and end the call. */
export function CallControls({ onEnd }: { onEnd: () => void }) {
  const microphone = useTrackToggle({ source: Track.Source.Microphone });
  const muted = !microphone.enabled;
  return (
    <div className="call-controls">
      <button
        type="button"
        className={`button ${muted ? 'button--warning' : 'button--secondary'}`}
        aria-pressed={muted}
        disabled={microphone.pending}
        onClick={() => void microphone.toggle()}
      >
        {muted ? 'Unmute microphone' : 'Mute microphone'}
      </button>
      <button type="button" className="button button--danger" onClick={onEnd}>
        End call
      </button>
    </div>
  );
}
