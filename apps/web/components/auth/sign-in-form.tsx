'use client';
import { type FormEvent, useId, useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { authErrorMessage } from '@/lib/client/auth-errors.ts';
import { signInWithPassword, signUpWithPassword } from '@/lib/client/firebase-auth.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
import { buttonClass, linkButtonClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import { GoogleSignInButton } from './google-sign-in-button.tsx';
import styles from './sign-in-form.module.css';

type Mode = 'sign-in' | 'sign-up';

/** Email and password sign-in, or account creation with the name Noah will greet. */
export function SignInForm() {
  const { config } = useAuth();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const displayName = String(form.get('displayName') ?? '').trim();
    setError(null);
    setBusy(true);
    try {
      if (mode === 'sign-up') await signUpWithPassword(config, { displayName, email, password });
      else await signInWithPassword(config, email, password);
    } catch (caught) {
      setError(authErrorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const describedBy = error ? errorId : undefined;
  return (
    <div className={`${cardClass} ${styles.authCard}`}>
      <h1>{mode === 'sign-in' ? 'Sign in' : 'Create your account'}</h1>
      <p className={styles.intro}>Practise interviews out loud with Noah, your AI interview coach.</p>
      <form onSubmit={submit} className={styles.form} aria-describedby={describedBy}>
        {mode === 'sign-up' && (
          <label className={styles.field}>
            <span>Your name</span>
            <input name="displayName" autoComplete="name" required maxLength={100} />
          </label>
        )}
        <label className={styles.field}>
          <span>Email</span>
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label className={styles.field}>
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            minLength={6}
            required
          />
        </label>
        {error && (
          <ErrorNotice layout="inline" id={errorId}>
            {error}
          </ErrorNotice>
        )}
        <button type="submit" className={buttonClass('primary', { wide: true })} disabled={busy}>
          {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <div className={styles.divider} aria-hidden="true">
        or
      </div>
      <GoogleSignInButton onError={setError} />
      <p className={styles.switch}>
        {mode === 'sign-in' ? 'New to Rehearse?' : 'Already have an account?'}{' '}
        <button
          type="button"
          className={linkButtonClass}
          onClick={() => {
            setError(null);
            setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in');
          }}
        >
          {mode === 'sign-in' ? 'Create an account' : 'Sign in instead'}
        </button>
      </p>
    </div>
  );
}
