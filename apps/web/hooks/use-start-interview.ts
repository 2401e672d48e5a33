'use client';
import type { StartInterviewResponse } from '@rehearse/api-contract';
import { isThinkingTime } from '@rehearse/interview';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, startInterview } from '@/lib/client/api.ts';
import { useAuth } from './use-auth.ts';

export type StartInterviewState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'ready'; session: StartInterviewResponse; attempt: number }
  | { status: 'error'; message: string };

/**
 * The join token for the user's interview from POST /api/start-interview, fetched when `enabled`. `restart()` asks
 * again: the server resumes the same interview and re-dispatches an agent that has left.
 */
export function useStartInterview(enabled: boolean) {
  const { status: authStatus, getIdToken } = useAuth();
  const [state, setState] = useState<StartInterviewState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled || authStatus !== 'signed-in') return;
    let current = true;
    setState({ status: 'starting' });
    getIdToken()
      .then((idToken) => startInterview(idToken, { thinking_time: thinkingTimeAsked() }))
      .then(
        (session) => current && setState({ status: 'ready', session, attempt }),
        (error: unknown) => current && setState({ status: 'error', message: startErrorMessage(error) }),
      );
    return () => {
      current = false;
    };
  }, [enabled, authStatus, getIdToken, attempt]);

  const restart = useCallback(() => setAttempt((value) => value + 1), []);
  return { state, restart };
}

/**
 * The thinking time chosen on the start card (`/interview?thinking_time=long`); a missing or unknown value is
 * left to the server's default. The server keeps a resumed interview's own whatever is asked.
 */
function thinkingTimeAsked() {
  const asked = new URLSearchParams(window.location.search).get('thinking_time');
  return isThinkingTime(asked) ? asked : undefined;
}

function startErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your sign-in has expired. Sign in again to start the interview.';
    if (error.status === 429) return 'Too many attempts in a short time. Wait a moment, then try again.';
    if (error.status >= 500 || error.status === 0) return `The interview could not start: ${error.message}`;
    return error.message;
  }
  return 'The interview could not start. Please try again.';
}
