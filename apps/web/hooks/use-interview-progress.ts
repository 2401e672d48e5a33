'use client';
import { type LiveProgress, progressFromAttributes } from '@rehearse/interview';
import { useEffect, useState } from 'react';

/**
 * Where the interview stands, from the agent's attributes. The last value stays while no agent publishes one
 * (Noah's job ended, or a replacement has not published yet): the candidate keeps seeing "Completed" and the
 * report link, or the question they were at, instead of "Starting…".
 */
export function useInterviewProgress(agentAttributes: Readonly<Record<string, string>>): LiveProgress | null {
  const current = progressFromAttributes(agentAttributes);
  const currentKey = current ? JSON.stringify(current) : null;
  const [last, setLast] = useState<LiveProgress | null>(current);
  useEffect(() => {
    if (currentKey) setLast(JSON.parse(currentKey) as LiveProgress);
  }, [currentKey]);
  return current ?? last;
}
