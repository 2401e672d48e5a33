'use client';
import { useEffect, useState } from 'react';
import type { AgentState } from '@/hooks/use-agent.ts';

const LABELS: Record<AgentState, string> = {
  connecting: 'Waiting for Noah to join…',
  initializing: 'Noah is getting ready…',
  idle: 'Noah is listening',
  listening: 'Noah is listening',
  thinking: 'Noah is thinking…',
  speaking: 'Noah is speaking',
};

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
    if (state !== 'connecting') setJoinedOnce(true);
  }, [state]);
  const agentReturning = joinedOnce && state === 'connecting';
  const [shown, label] = reconnecting
    ? ['reconnecting', 'Reconnecting…']
    : modelLost
      ? ['model-lost', 'Noah is away']
      : agentReturning
        ? ['agent-reconnecting', 'Noah is reconnecting…']
        : [state, LABELS[state]];
  return (
    <p className="agent-status" role="status" data-state={shown}>
      {label}
    </p>
  );
}
