'use client';
import { type FormEvent, useId, useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { authErrorMessage } from '@/lib/client/auth-errors.ts';
import { signInWithPassword, signUpWithPassword } from '@/lib/client/firebase-auth.ts';
import { GoogleSignInButton } from './google-sign-in-button.tsx';

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
    <div className="card auth-card">
      <h1>{mode === 'sign-in' ? 'Sign in' : 'Create your account'}</h1>
      <p className="muted">Practise interviews out loud with Noah, your AI interview coach.</p>
      <form onSubmit={submit} className="form" aria-describedby={describedBy}>
        {mode === 'sign-up' && (
          <label className="field">
            <span>Your name</span>
            <input name="displayName" autoComplete="name" required maxLength={100} />
          </label>
        )}
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label className="field">
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
          <p id={errorId} className="form__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <div className="divider" aria-hidden="true">
        or
      </div>
      <GoogleSignInButton onError={setError} />
      <p className="auth-card__switch">
        {mode === 'sign-in' ? 'New to Rehearse?' : 'Already have an account?'}{' '}
        <button
          type="button"
          className="link-button"
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
