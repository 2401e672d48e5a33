'use client';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import { useEffect, useState } from 'react';

/**
 * True once the agent said it lost its connection to the model. It leaves the room right after,
 * taking its attributes along, so the answer is kept until the call view remounts (Resume).
 */
export function useModelLost(agentAttributes: Readonly<Record<string, string>>): boolean {
  const saysLost = agentAttributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS;
  const [lost, setLost] = useState(saysLost);
  useEffect(() => {
    if (saysLost) setLost(true);
  }, [saysLost]);
  return lost || saysLost;
}
