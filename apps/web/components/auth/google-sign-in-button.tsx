'use client';
import { useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { authErrorMessage } from '@/lib/client/auth-errors.ts';
import { signInWithGoogle } from '@/lib/client/firebase-auth.ts';
import { buttonClass } from '../ui/button.ts';

/** Google sign-in through a popup; against the Auth emulator the popup is the emulator's test account picker. */
export function GoogleSignInButton({ onError }: { onError: (message: string) => void }) {
  const { config } = useAuth();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={buttonClass('secondary', { wide: true })}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await signInWithGoogle(config);
        } catch (error) {
          onError(authErrorMessage(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      Continue with Google
    </button>
  );
}
