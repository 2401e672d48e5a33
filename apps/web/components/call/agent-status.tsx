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

/**
 * Noah's state in words. Once he has been in the call, his absence means his process died and a new
 * agent is on its way (the server dispatches one by itself): "reconnecting", not "waiting to join".
 */
export function AgentStatus({ state, reconnecting }: { state: AgentState; reconnecting: boolean }) {
  const [joinedOnce, setJoinedOnce] = useState(false);
  useEffect(() => {
    if (state !== 'connecting') setJoinedOnce(true);
  }, [state]);
  const agentReturning = joinedOnce && state === 'connecting';
  const shown = reconnecting ? 'reconnecting' : agentReturning ? 'agent-reconnecting' : state;
  return (
    <p className="agent-status" role="status" data-state={shown}>
      {reconnecting ? 'Reconnecting…' : agentReturning ? 'Noah is reconnecting…' : LABELS[state]}
    </p>
  );
}
