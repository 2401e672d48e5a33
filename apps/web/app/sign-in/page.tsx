import type { Metadata } from 'next';
import { SignInView } from '@/components/auth/sign-in-view.tsx';

export const metadata: Metadata = { title: 'Sign in — Rehearse' };

export default function SignInPage() {
  return <SignInView />;
}
