'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { PageStatus } from '../layout/page-status.tsx';
import { SignInForm } from './sign-in-form.tsx';

/** Only same-site paths: `?next=` must never send the user to another origin. */
function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInView() {
  const { status } = useAuth();
  const router = useRouter();
  useEffect(() => {
    if (status === 'signed-in')
      router.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
  }, [status, router]);
  if (status === 'loading') return <PageStatus title="Loading…" />;
  if (status === 'signed-in') return <PageStatus title="Signed in. Taking you to Rehearse…" />;
  return <SignInForm />;
}
