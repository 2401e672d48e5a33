import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Tests build into their own directory so they never race a developer's `.next`.
  distDir: process.env.REHEARSE_NEXT_DIST_DIR || '.next',
  // Workspace packages export TypeScript source; Next compiles them like app code.
  transpilePackages: ['@rehearse/config', '@rehearse/db', '@rehearse/interview'],
  // Native or worker-thread packages stay plain Node requires on the server.
  serverExternalPackages: ['firebase-admin', 'pg', 'pino', 'livekit-server-sdk'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `next dev` would otherwise look up security advisories at registry.npmjs.org on every start: the
  // local stack stays offline.
  experimental: { agentUpgrade: false },
  // Nothing from the server environment is copied into the client build: no `env` entries here on purpose.
};

export default nextConfig;
