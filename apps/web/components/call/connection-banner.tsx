import { ConnectionState } from 'livekit-client';
import styles from './connection-banner.module.css';

/**
 * Shown while LiveKit is re-establishing a dropped connection; the interview continues when it returns. The
 * region stays in the page, empty, so a screen reader announces the message the moment it appears.
 */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const reconnecting = state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting;
  return (
    <div role="status" aria-live="assertive" className={styles.banner}>
      {reconnecting ? 'Connection lost. Reconnecting… Your interview will continue where it stopped.' : ''}
    </div>
  );
}
