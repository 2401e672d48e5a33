'use client';
import {
  RoomAudioRenderer,
  StartAudio,
  useConnectionState,
  useVoiceAssistant,
} from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useAgentJoinDeadline } from '@/hooks/use-agent-join-deadline.ts';
import { useInterviewProgress } from '@/hooks/use-interview-progress.ts';
import { useModelLost } from '@/hooks/use-model-lost.ts';
import { useTranscript } from '@/hooks/use-transcript.ts';
import { buttonClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import { AgentMissingNotice } from './agent-missing-notice.tsx';
import { AgentStatus } from './agent-status.tsx';
import { AgentVisualizer } from './agent-visualizer.tsx';
import { CallControls } from './call-controls.tsx';
import styles from './call-view.module.css';
import { ConnectionBanner } from './connection-banner.tsx';
import { LiveCaptions } from './live-captions.tsx';
import { ModelLostNotice } from './model-lost-notice.tsx';
import { ProgressPanel } from './progress-panel.tsx';
import { TranscriptPanel } from './transcript-panel.tsx';

/** How long to wait for the agent after connecting before saying so and offering a retry. */
export const AGENT_JOIN_TIMEOUT_MS = 20_000;

/** Noah's attributes before he is in the room (the library gives `undefined`). */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = {};

interface CallViewProps {
  interviewId: string;
  onEnd: () => void;
  onRetry: () => void;
}

/** The call itself, inside <LiveKitRoom>: Noah's voice, state and captions, progress, transcript, controls. */
export function CallView({ interviewId, onEnd, onRetry }: CallViewProps) {
  const connection = useConnectionState();
  const { agent, agentAttributes, audioTrack, state: assistantState } = useVoiceAssistant();
  // This view exists only inside a room on its way in: before its first connect the library says
  // "disconnected", which here means Noah is not there yet (a dropped call replaces this view).
  const state = assistantState === 'disconnected' ? 'connecting' : assistantState;
  const attributes = agentAttributes ?? NO_ATTRIBUTES;
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
    <div className={styles.call}>
      <div className={styles.notices}>
        <ConnectionBanner state={connection} />
        {modelLost && <ModelLostNotice onResume={onRetry} />}
        {agentMissing && !modelLost && (
          <AgentMissingNotice seconds={AGENT_JOIN_TIMEOUT_MS / 1000} onRetry={onRetry} />
        )}
      </div>
      <section className={`${cardClass} ${styles.agent}`} aria-labelledby="agent-heading">
        <h1 id="agent-heading">Interview with Noah</h1>
        <AgentVisualizer track={audioTrack} state={reconnecting ? 'connecting' : state} />
        <AgentStatus state={state} reconnecting={reconnecting} modelLost={modelLost} />
        <LiveCaptions lines={lines} />
        <StartAudio label="Allow audio to hear Noah" className={buttonClass('primary')} />
        <CallControls onEnd={onEnd} />
        {/* Below the controls: appearing, it must not move them from under the candidate's pointer. */}
        {completed && (
          <Link
            ref={reportLink}
            href={`/interviews/${progress?.interviewId ?? interviewId}/report`}
            className={buttonClass('primary', { size: 'large' })}
          >
            See your report
          </Link>
        )}
      </section>
      <ProgressPanel progress={progress} />
      <TranscriptPanel lines={lines} />
      <RoomAudioRenderer />
    </div>
  );
}
