import type { NextConfig } from 'next';

const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // The microphone for this origin only; nothing else the app does not use.
  { key: 'Permissions-Policy', value: 'microphone=(self), camera=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Browsers honour it only over HTTPS (production behind TLS); on http://127.0.0.1 it is ignored.
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
];

const nextConfig: NextConfig = {
  // Tests build into their own directory so they never race a developer's `.next`.
  distDir: process.env.REHEARSE_NEXT_DIST_DIR || '.next',
  // A server with only the node_modules files it uses (distDir/standalone): what apps/web/Dockerfile ships.
  output: 'standalone',
  // Workspace packages export TypeScript source; Next compiles them like app code.
  transpilePackages: [
    '@rehearse/api-contract',
    '@rehearse/config',
    '@rehearse/db',
    '@rehearse/interview',
    '@rehearse/recordings',
  ],
  // Native or worker-thread packages stay plain Node requires on the server.
  serverExternalPackages: ['firebase-admin', 'pg', 'pino', 'livekit-server-sdk'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `next dev` would otherwise look up security advisories at registry.npmjs.org on every start: the
  // local stack stays offline.
  experimental: { agentUpgrade: false },
  // Nothing from the server environment is copied into the client build: no `env` entries here on purpose.
  // On every answer, pages and API alike (the pages' Content-Security-Policy comes from proxy.ts).
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
