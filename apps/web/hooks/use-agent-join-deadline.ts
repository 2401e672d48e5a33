'use client';
import { useEffect, useState } from 'react';

/** True once `timeoutMs` has passed since the room connected without the agent joining. */
export function useAgentJoinDeadline(connected: boolean, agentPresent: boolean, timeoutMs: number): boolean {
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setExpired(false);
    if (!connected || agentPresent) return;
    const timer = setTimeout(() => setExpired(true), timeoutMs);
    return () => clearTimeout(timer);
  }, [connected, agentPresent, timeoutMs]);
  return expired && connected && !agentPresent;
}
