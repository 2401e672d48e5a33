'use client';
import { useTrackToggle } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { buttonClass } from '../ui/button.ts';
import styles from './call-controls.module.css';
import { DoneSpeakingButton } from './done-speaking-button.tsx';

/**
 * Mute/unmute the microphone (the library's track toggle) and end the call. The mute button's name says
 * what it will do, so it carries no aria-pressed as well (a changing name plus a pressed state reads twice).
 */
export function CallControls({ onEnd }: { onEnd: () => void }) {
  const microphone = useTrackToggle({ source: Track.Source.Microphone });
  const muted = !microphone.enabled;
  return (
    <div className={styles.controls}>
      <DoneSpeakingButton />
      <button
        type="button"
        className={buttonClass(muted ? 'warning' : 'secondary')}
        // aria-disabled, not disabled: a disabled button drops the keyboard focus while the toggle is pending.
        aria-disabled={microphone.pending}
        onClick={() => {
          if (!microphone.pending) void microphone.toggle();
        }}
      >
        {muted ? 'Unmute microphone' : 'Mute microphone'}
      </button>
      <button type="button" className={buttonClass('danger')} onClick={onEnd}>
        End call
      </button>
    </div>
  );
}
