'use client';
import { useRoomContext, useVoiceAssistant } from '@livekit/components-react';
import { DONE_SPEAKING_RPC_METHOD, doneSpeakingReply, PROGRESS_ATTRIBUTES } from '@rehearse/interview';
import { useEffect, useState } from 'react';
import { buttonClass } from '../ui/button.ts';
import styles from './done-speaking-button.module.css';

/** Noah answers within this; past it the candidate is told to pause instead (the silence ends the turn too). */
const REPLY_TIMEOUT_MS = 5_000;

type DoneSpeakingFeedback = 'idle' | 'sending' | 'sent' | 'not-needed' | 'failed';

const FEEDBACK: Record<DoneSpeakingFeedback, string> = {
  idle: '',
  sending: 'Telling Noah…',
  sent: 'Noah knows you are done and will answer now.',
  'not-needed': 'Noah already has the floor.',
  failed: 'Noah did not get that. Pause for a moment and he will answer.',
};

/**
 * "I'm done": ends the candidate's answer now instead of after the interview's thinking time, by a LiveKit RPC
 * to the agent (docs/turn-taking.md). Enabled only while Noah listens; the status line says what happened.
 */
export function DoneSpeakingButton() {
  const room = useRoomContext();
  const { agent, agentAttributes, state } = useVoiceAssistant();
  const [sent, setSent] = useState<DoneSpeakingFeedback>('idle');
  const listening = state === 'listening';
  const completed = agentAttributes?.[PROGRESS_ATTRIBUTES.phase] === 'completed';

  // The feedback stays while Noah answers; when the floor is the candidate's again, it starts afresh.
  useEffect(() => {
    if (listening) setSent('idle');
  }, [listening]);

  const send = async () => {
    if (!agent) return;
    setSent('sending');
    try {
      const answer = await room.localParticipant.performRpc({
        destinationIdentity: agent.identity,
        method: DONE_SPEAKING_RPC_METHOD,
        payload: '{}',
        responseTimeout: REPLY_TIMEOUT_MS,
      });
      const reply = doneSpeakingReply.safeParse(JSON.parse(answer));
      setSent(reply.success && reply.data.ended ? 'sent' : 'not-needed');
    } catch {
      setSent('failed');
    }
  };

  return (
    <div className={styles.done}>
      <button
        type="button"
        className={buttonClass('primary')}
        disabled={!agent || !listening || completed || sent === 'sending'}
        aria-describedby="done-speaking-status"
        onClick={() => void send()}
      >
        I’m done answering
      </button>
      <p id="done-speaking-status" className={styles.status} role="status" data-state={sent}>
        {FEEDBACK[sent]}
      </p>
    </div>
  );
}
