'use client';
import { LiveKitRoom } from '@livekit/components-react';
import type { RoomOptions } from 'livekit-client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMicrophoneAccess } from '@/hooks/use-microphone-access.ts';
import { useRequireUser } from '@/hooks/use-require-user.ts';
import { useStartInterview } from '@/hooks/use-start-interview.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
import { PageStatus } from '../layout/page-status.tsx';
import { CallView } from './call-view.tsx';
import { MicrophoneNotice } from './microphone-notice.tsx';

type Ended = null | 'dropped' | 'failed';

// Module constants: <LiveKitRoom> reconnects and re-publishes when these props change identity.
const ROOM_OPTIONS: RoomOptions = {
  adaptiveStream: false,
  dynacast: false,
  audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true },
  // Muting releases the microphone, so the browser's recording indicator goes off while the candidate is muted;
  // unmuting opens it again (a moment's delay, no new prompt).
  publishDefaults: { stopMicTrackOnMute: true },
};

/**
 * The interview page: microphone first, then a join token from /api/start-interview, then the LiveKit room. A
 * refresh runs the same steps and the server hands back the same interview, so the candidate resumes.
 */
export function InterviewCall() {
  const router = useRouter();
  const { status } = useRequireUser();
  const microphone = useMicrophoneAccess();
  const { state: session, restart } = useStartInterview(microphone.access === 'granted');
  const [ended, setEnded] = useState<Ended>(null);
  // Set when we close the room on purpose (end call, retry), so its disconnect is not shown as a dropped call.
  const closingOnPurpose = useRef(false);

  useEffect(() => {
    if (session.status === 'ready') closingOnPurpose.current = false;
  }, [session]);

  const retry = useCallback(() => {
    closingOnPurpose.current = true;
    setEnded(null);
    restart();
  }, [restart]);

  // Stable callbacks: <LiveKitRoom> calls room.connect() again whenever onError changes identity.
  const onDisconnected = useCallback(() => {
    if (!closingOnPurpose.current) setEnded('dropped');
  }, []);
  const onError = useCallback(() => {
    if (!closingOnPurpose.current) setEnded('failed');
  }, []);

  const endCall = useCallback(() => {
    closingOnPurpose.current = true;
    router.push('/');
  }, [router]);

  if (status !== 'signed-in') return <PageStatus title="Loading…" />;
  if (microphone.access !== 'granted')
    return <MicrophoneNotice access={microphone.access} onRetry={microphone.retry} />;
  if (session.status === 'error') {
    return (
      <ErrorNotice
        title="The interview could not start"
        action={{ label: 'Try again', onClick: retry }}
        backHome
      >
        <p>{session.message}</p>
      </ErrorNotice>
    );
  }
  if (session.status !== 'ready') return <PageStatus title="Starting your interview…" />;
  if (ended) {
    return (
      <ErrorNotice
        title={ended === 'failed' ? 'Could not connect to the call' : 'The call was disconnected'}
        action={{ label: 'Rejoin the interview', onClick: retry }}
        backHome
      >
        <p>Your answers so far are saved. Rejoin to continue where you stopped.</p>
      </ErrorNotice>
    );
  }

  const { session: joined, attempt } = session;
  return (
    <LiveKitRoom
      key={attempt}
      serverUrl={joined.livekit_url}
      token={joined.token}
      connect
      audio
      video={false}
      options={ROOM_OPTIONS}
      onDisconnected={onDisconnected}
      onError={onError}
    >
      <CallView interviewId={joined.interview_id} onEnd={endCall} onRetry={retry} />
    </LiveKitRoom>
  );
}
