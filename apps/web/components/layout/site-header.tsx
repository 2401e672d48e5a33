import Link from 'next/link';
import { UserMenu } from '../auth/user-menu.tsx';
import { EmulatorBadge } from './emulator-badge.tsx';
import styles from './site-header.module.css';

export function SiteHeader({ emulator }: { emulator: boolean }) {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        Rehearse
      </Link>
      {emulator && <EmulatorBadge />}
      <span className={styles.spacer} />
      <UserMenu />
    </header>
  );
}
