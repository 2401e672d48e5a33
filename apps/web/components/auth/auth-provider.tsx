'use client';
import type { WebClientConfig } from '@rehearse/config/web-client';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { AuthContext, type AuthState, type AuthStatus } from '@/hooks/use-auth.ts';
import { currentIdToken, type SignedInUser, watchUser } from '@/lib/client/firebase-auth.ts';

/** Holds the Firebase user for every page; Firebase itself loads in the browser after the first paint. */
export function AuthProvider({ config, children }: { config: WebClientConfig; children: ReactNode }) {
  const [session, setSession] = useState<{ status: AuthStatus; user: SignedInUser | null }>({
    status: 'loading',
    user: null,
  });

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let mounted = true;
    watchUser(config, (user) => setSession({ status: user ? 'signed-in' : 'signed-out', user })).then(
      (stop) => {
        if (mounted) unsubscribe = stop;
        else stop();
      },
      () => mounted && setSession({ status: 'signed-out', user: null }),
    );
    return () => {
      mounted = false;
      unsubscribe?.();
    };
  }, [config]);

  const getIdToken = useCallback(() => currentIdToken(config), [config]);
  const value = useMemo<AuthState>(
    () => ({
      config,
      status: session.status,
      user: session.user,
      emulator: Boolean(config.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL),
      getIdToken,
    }),
    [config, session, getIdToken],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}
