'use client';
import type { WebClientConfig } from '@rehearse/config/web-client';
import { createContext, useContext } from 'react';
import type { SignedInUser } from '@/lib/client/firebase-auth.ts';

export type AuthStatus = 'loading' | 'signed-out' | 'signed-in';

export interface AuthState {
  config: WebClientConfig;
  status: AuthStatus;
  user: SignedInUser | null;
  /** True when sign-in goes to the local Firebase Auth emulator. */
  emulator: boolean;
  /** The signed-in user's Firebase ID token, for `Authorization: Bearer`. */
  getIdToken(): Promise<string>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs <AuthProvider> above it');
  return auth;
}
