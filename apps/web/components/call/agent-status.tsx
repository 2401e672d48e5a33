'use client';
import type { AgentState } from '@livekit/components-react';
import { useEffect, useState } from 'react';
import { visuallyHiddenClass } from '../ui/visually-hidden.ts';
import styles from './agent-status.module.css';

const LABELS: Record<AgentState, string> = {
  disconnected: 'Not connected',
  connecting: 'Waiting for Noah to join…',
  'pre-connect-buffering': 'Waiting for Noah to join…',
  failed: 'Noah could not join',
  initializing: 'Noah is getting ready…',
  idle: 'Noah is listening',
  listening: 'Noah is listening',
  thinking: 'Noah is thinking…',
  speaking: 'Noah is speaking',
};

type Shown = AgentState | 'reconnecting' | 'model-lost' | 'agent-reconnecting';

const IN_CALL = new Set<Shown>(['initializing', 'idle', 'listening', 'thinking', 'speaking']);

/**
 * What a screen reader is told, politely: only Noah coming, arriving and coming back. Speaking and
 * listening change every few seconds and are heard anyway; the candidate's own connection and a lost
 * model are announced by their banners (role="alert").
 */
function announcement(shown: Shown): string {
  if (shown === 'connecting' || shown === 'pre-connect-buffering') return 'Waiting for Noah to join.';
  if (shown === 'agent-reconnecting') return 'Noah is reconnecting.';
  return IN_CALL.has(shown) ? 'Noah is in the call.' : '';
}

interface AgentStatusProps {
  state: AgentState;
  /** The candidate's own connection is down. */
  reconnecting: boolean;
  /** Noah left because the model could not be reached: nobody is on the way until the candidate resumes. */
  modelLost: boolean;
}

/**
 * Noah's state in words. Once he has been in the call, his absence means his process died and a new
 * agent is on its way (the server dispatches one by itself): "reconnecting", not "waiting to join" —
 * unless he left for a lost model, when nobody comes until the candidate resumes.
 */
export function AgentStatus({ state, reconnecting, modelLost }: AgentStatusProps) {
  const [joinedOnce, setJoinedOnce] = useState(false);
  useEffect(() => {
    if (state !== 'connecting' && state !== 'disconnected') setJoinedOnce(true);
  }, [state]);
  const agentReturning = joinedOnce && state === 'connecting';
  const [shown, label]: [Shown, string] = reconnecting
    ? ['reconnecting', 'Reconnecting…']
    : modelLost
      ? ['model-lost', 'Noah is away']
      : agentReturning
        ? ['agent-reconnecting', 'Noah is reconnecting…']
        : [state, LABELS[state]];
  return (
    <>
      <p className={styles.status} data-testid="agent-status" data-state={shown}>
        {label}
      </p>
      <p role="status" className={visuallyHiddenClass}>
        {announcement(shown)}
      </p>
    </>
  );
}
