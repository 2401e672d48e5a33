'use client';
import { useRouter } from 'next/navigation';
import { useAuth } from '@/hooks/use-auth.ts';
import { signOutUser } from '@/lib/client/firebase-auth.ts';
import { buttonClass } from '../ui/button.ts';
import styles from './user-menu.module.css';

export function UserMenu() {
  const { status, user, config } = useAuth();
  const router = useRouter();
  if (status !== 'signed-in' || !user) return null;
  return (
    <div className={styles.menu}>
      <span className={styles.name}>{user.displayName || user.email}</span>
      <button
        type="button"
        className={buttonClass('onDark')}
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
