import type { SignedInUser } from '@/lib/client/firebase-auth.ts';
import { cardClass } from '../ui/card.ts';
import styles from './profile-summary.module.css';

export function ProfileSummary({ user }: { user: SignedInUser }) {
  const name = user.displayName || 'there';
  return (
    <section className={cardClass} aria-labelledby="profile-heading">
      <h1 id="profile-heading">Hello, {name}</h1>
      <dl className={styles.details}>
        <div>
          <dt>Name</dt>
          <dd>{user.displayName || 'Not set'}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{user.email ?? 'Not set'}</dd>
        </div>
      </dl>
    </section>
  );
}
