import type { MicrophoneAccess } from '@/hooks/use-microphone-access.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
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
    <ErrorNotice
      title={access === 'denied' ? 'Microphone access is blocked' : 'No microphone found'}
      action={{ label: 'Try again', onClick: onRetry }}
      backHome
    >
      {access === 'denied' ? (
        <p>
          Noah needs to hear you. Allow the microphone for this site (the icon at the left of the address bar,
          then Site settings → Microphone → Allow), then try again.
        </p>
      ) : (
        <p>Connect a microphone or headset, check that no other app is using it, then try again.</p>
      )}
    </ErrorNotice>
  );
}
