import type { AgentState } from '@/hooks/use-agent.ts';

const LABELS: Record<AgentState, string> = {
  connecting: 'Waiting for Noah to join…',
  initializing: 'Noah is getting ready…',
  idle: 'Noah is listening',
  listening: 'Noah is listening',
  thinking: 'Noah is thinking…',
  speaking: 'Noah is speaking',
};

export function AgentStatus({ state, reconnecting }: { state: AgentState; reconnecting: boolean }) {
  return (
    <p className="agent-status" role="status" data-state={reconnecting ? 'reconnecting' : state}>
      {reconnecting ? 'Reconnecting…' : LABELS[state]}
    </p>
  );
}
