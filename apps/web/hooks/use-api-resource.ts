'use client';
import { useCallback, useEffect, useState } from 'react';
import { useAuth } from './use-auth.ts';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; error: Error; retry: () => void }
  | { status: 'ready'; data: T; reload: () => void };

/** Loads `fetcher(idToken)` once the user is signed in; again on retry or reload. */
export function useApiResource<T>(fetcher: (idToken: string) => Promise<T>): Resource<T> {
  const { status, getIdToken } = useAuth();
  const [attempt, setAttempt] = useState(0);
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the trigger that re-runs the load on retry
  useEffect(() => {
    if (status !== 'signed-in') return;
    let current = true;
    setResource({ status: 'loading' });
    getIdToken()
      .then(fetcher)
      .then(
        (data) => current && setResource({ status: 'ready', data, reload: retry }),
        (error: unknown) =>
          current &&
          setResource({
            status: 'error',
            error: error instanceof Error ? error : new Error(String(error)),
            retry,
          }),
      );
    // A newer attempt or unmount makes this answer stale.
    return () => {
      current = false;
    };
  }, [status, getIdToken, fetcher, retry, attempt]);

  return resource;
}
