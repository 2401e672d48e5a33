'use client';
import { useRouter } from 'next/navigation';
import { useAuth } from '@/hooks/use-auth.ts';
import { signOutUser } from '@/lib/client/firebase-auth.ts';

export function UserMenu() {
  const { status, user, config } = useAuth();
  const router = useRouter();
  if (status !== 'signed-in' || !user) return null;
  return (
    <div className="user-menu">
      <span className="user-menu__name">{user.displayName || user.email}</span>
      <button
        type="button"
        className="button button--quiet"
        onClick={async () => {
          await signOutUser(config);
          router.replace('/sign-in');
        }}
      >
        Sign out
      </button>
    </div>
  );
}
