'use client';
import { RoomAudioRenderer, StartAudio, useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useAgent } from '@/hooks/use-agent.ts';
import { useAgentJoinDeadline } from '@/hooks/use-agent-join-deadline.ts';
import { useInterviewProgress } from '@/hooks/use-interview-progress.ts';
import { useModelLost } from '@/hooks/use-model-lost.ts';
import { useTranscript } from '@/hooks/use-transcript.ts';
import { AgentMissingNotice } from './agent-missing-notice.tsx';
import { AgentStatus } from './agent-status.tsx';
import { AgentVisualizer } from './agent-visualizer.tsx';
import { CallControls } from './call-controls.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import { ModelLostNotice } from './model-lost-notice.tsx';
import { ProgressPanel } from './progress-panel.tsx';
import { TranscriptPanel } from './transcript-panel.tsx';

/** How long to wait for the agent after connecting before saying so and offering a retry. */
export const AGENT_JOIN_TIMEOUT_MS = 20_000;

interface CallViewProps {
  interviewId: string;
  onEnd: () => void;
  onRetry: () => void;
}

/** The call itself, inside <LiveKitRoom>: Noah's voice and state, progress, transcript, controls. */
export function CallView({ interviewId, onEnd, onRetry }: CallViewProps) {
  const connection = useConnectionState();
  const { agent, attributes, audioTrack, state } = useAgent();
  const progress = useInterviewProgress(attributes);
  const modelLost = useModelLost(attributes);
  const lines = useTranscript();
  const agentMissing = useAgentJoinDeadline(
    connection === ConnectionState.Connected,
    Boolean(agent),
    AGENT_JOIN_TIMEOUT_MS,
  );
  const reconnecting =
    connection === ConnectionState.Reconnecting || connection === ConnectionState.SignalReconnecting;
  const completed = progress?.phase === 'completed';
  const reportLink = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (completed) reportLink.current?.focus();
  }, [completed]);

  return (
    <div className="call">
      <ConnectionBanner state={connection} />
      {modelLost && <ModelLostNotice onResume={onRetry} />}
      {agentMissing && !modelLost && (
        <AgentMissingNotice seconds={AGENT_JOIN_TIMEOUT_MS / 1000} onRetry={onRetry} />
      )}
      <section className="card call__agent" aria-labelledby="agent-heading">
        <h1 id="agent-heading">Interview with Noah</h1>
        <AgentVisualizer trackRef={audioTrack} state={reconnecting ? 'connecting' : state} />
        <AgentStatus state={state} reconnecting={reconnecting} modelLost={modelLost} />
        <StartAudio label="Allow audio to hear Noah" className="button button--primary" />
        {completed && (
          <Link
            ref={reportLink}
            href={`/interviews/${progress?.interviewId ?? interviewId}/report`}
            className="button button--primary button--large"
          >
            See your report
          </Link>
        )}
        <CallControls onEnd={onEnd} />
      </section>
      <ProgressPanel progress={progress} />
      <TranscriptPanel lines={lines} />
      <RoomAudioRenderer />
    </div>
  );
}
