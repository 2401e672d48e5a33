import { freePort } from '@rehearse/local-stack';
import { startWebApp } from '@rehearse/test-stack/web-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/** The production build's answers carry the security headers: pages their CSP with a fresh nonce, APIs the rest. */
let web: Awaited<ReturnType<typeof startWebApp>>;
const LIVEKIT_URL = 'ws://127.0.0.1:7880';

beforeAll(async () => {
  assertInTestNetworkNamespace();
  web = await startWebApp({
    port: await freePort(),
    env: {
      LIVEKIT_URL,
      LIVEKIT_API_KEY: 'e2e-key',
      LIVEKIT_API_SECRET: 'e2e-secret-for-tests-only-0123456789abcdef',
      DATABASE_URL: 'postgres://rehearse@127.0.0.1:9/rehearse',
      FIREBASE_PROJECT_ID: 'demo-rehearse-e2e',
      NEXT_PUBLIC_FIREBASE_API_KEY: 'demo-api-key',
      NEXT_PUBLIC_FIREBASE_PROJECT_ID: 'demo-rehearse-e2e',
      NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: 'demo-rehearse-e2e.firebaseapp.com',
      LOG_LEVEL: 'warn',
    },
  });
});

afterAll(async () => web?.stop());

const fetchHeaders = async (path: string) =>
  (await fetch(`${web.url}${path}`, { signal: AbortSignal.timeout(30_000) })).headers;

describe('security headers', () => {
  it.each(['/', '/sign-in', '/interview'])(
    'page %s: a CSP with its own nonce, no framing, no sniffing',
    async (path) => {
      const [first, second] = [await fetchHeaders(path), await fetchHeaders(path)];
      const policy = first.get('content-security-policy') ?? '';
      expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(policy).toContain(`connect-src 'self' ${LIVEKIT_URL} http://127.0.0.1:7880`);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain('unsafe-eval');
      expect(second.get('content-security-policy')).not.toBe(policy); // a fresh nonce per answer
      expect(first.get('x-frame-options')).toBe('DENY');
      expect(first.get('x-content-type-options')).toBe('nosniff');
      expect(first.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(first.get('permissions-policy')).toContain('microphone=(self)');
    },
  );

  it('API answers: the same headers, without a page CSP', async () => {
    const headers = await fetchHeaders('/api/health');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
