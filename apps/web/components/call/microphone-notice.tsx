import Link from 'next/link';
import type { MicrophoneAccess } from '@/hooks/use-microphone-access.ts';
import { PageStatus } from '../layout/page-status.tsx';

/** What to do when the microphone is still being asked for, blocked, or missing. */
export function MicrophoneNotice({ access, onRetry }: { access: MicrophoneAccess; onRetry: () => void }) {
  if (access === 'checking') {
    return (
      <PageStatus title="Allow your microphone">
        <p>Your browser will ask to use the microphone: Noah needs to hear your answers.</p>
      </PageStatus>
    );
  }
  return (
    <PageStatus
      tone="error"
      title={access === 'denied' ? 'Microphone access is blocked' : 'No microphone found'}
    >
      {access === 'denied' ? (
        <p>
          Noah needs to hear you. Allow the microphone for this site (the icon at the left of the address bar,
          then Site settings → Microphone → Allow), then try again.
        </p>
      ) : (
        <p>Connect a microphone or headset, check that no other app is using it, then try again.</p>
      )}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={onRetry}>
          Try again
        </button>
        <Link href="/" className="button button--secondary">
          Back to home
        </Link>
      </div>
    </PageStatus>
  );
}
