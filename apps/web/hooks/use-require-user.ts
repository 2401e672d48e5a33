'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useAuth } from './use-auth.ts';

/** Sends a signed-out visitor to the sign-in page (and back here afterwards); returns the auth state. */
export function useRequireUser() {
  const auth = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (auth.status === 'signed-out') router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [auth.status, pathname, router]);
  return auth;
}
