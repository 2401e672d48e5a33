import Link from 'next/link';
import { UserMenu } from '../auth/user-menu.tsx';
import { EmulatorBadge } from './emulator-badge.tsx';

export function SiteHeader({ emulator }: { emulator: boolean }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Rehearse
      </Link>
      {emulator && <EmulatorBadge />}
      <span className="site-header__spacer" />
      <UserMenu />
    </header>
  );
}
