import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AuthProvider } from '@/components/auth/auth-provider.tsx';
import { SiteHeader } from '@/components/layout/site-header.tsx';
import { SkipLink } from '@/components/layout/skip-link.tsx';
import { webClientConfigAtRuntime } from '@/lib/server/web-client-config.ts';
import './globals.css';
import styles from './layout.module.css';

export const metadata: Metadata = {
  title: 'Rehearse — voice interview coach',
  description: 'Practise interviews out loud with Noah, an AI interviewer.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1f3a5f' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the browser's Firebase settings come from the running server's environment.
  await connection();
  const config = webClientConfigAtRuntime();
  return (
    <html lang="en">
      <body>
        <SkipLink target="main" />
        <AuthProvider config={config}>
          <SiteHeader emulator={Boolean(config.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL)} />
          <main id="main" className={styles.page} tabIndex={-1}>
            {children}
          </main>
        </AuthProvider>
      </body>
    </html>
  );
}
