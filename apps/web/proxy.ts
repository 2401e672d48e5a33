import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy } from '@/lib/content-security-policy.ts';

/**
 * Every page gets a Content-Security-Policy with a fresh script nonce (pages render per request, so
 * Next.js puts the nonce on its own scripts). API routes answer JSON and get the static headers from
 * next.config.ts only.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy({
    nonce,
    livekitUrl: process.env.LIVEKIT_PUBLIC_URL || process.env.LIVEKIT_URL,
    authEmulatorUrl: process.env.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL || undefined,
    development: process.env.NODE_ENV === 'development',
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
