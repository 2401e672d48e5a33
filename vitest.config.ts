import { defineConfig } from 'vitest/config';

// Three suites: fast unit/integration tests, full-stack e2e (real livekit-server etc.),
// and the browser suite (Chromium driven by playwright-core), which also runs alone. Both full-stack
// suites run the agent's production build and share one Firebase Auth emulator per run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/{src,test}/**/*.test.ts',
            'scripts/**/*.test.ts',
            'apps/*/{src,test,lib,app}/**/*.test.{ts,tsx}',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          exclude: ['e2e/browser/**'],
          globalSetup: ['e2e/support/agent-build.ts', 'packages/test-stack/src/shared-auth-emulator.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Two files at once: each starts its own stack on free ports, and they mostly wait on real time
          // (webhooks, reconnect back-off, departures), so two share a 2-core machine at half the wall time.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/browser/**/*.test.ts'],
          globalSetup: ['e2e/support/agent-build.ts', 'packages/test-stack/src/shared-auth-emulator.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
