import { ConnectionState } from 'livekit-client';

/** Shown while LiveKit is re-establishing a dropped connection; the interview continues when it returns. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const reconnecting = state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting;
  return (
    <div
      role="status"
      aria-live="assertive"
      className={reconnecting ? 'banner banner--warning' : 'visually-hidden'}
    >
      {reconnecting ? 'Connection lost. Reconnecting… Your interview will continue where it stopped.' : ''}
    </div>
  );
}
