import { defineConfig } from 'vitest/config';

// Four suites: fast unit/integration tests, full-stack e2e (real livekit-server etc.), the browser suite
// (Chromium driven by playwright-core), which also runs alone, and scale-out (two of every server, alone).
// The full-stack suites run the agent's production build and share one Firebase Auth emulator per run.
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
          exclude: ['e2e/browser/**', 'e2e/scale-out/**'],
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
      {
        test: {
          // Two livekit nodes, two agent workers and two web instances: nothing else runs beside it.
          name: 'scale-out',
          include: ['e2e/scale-out/**/*.test.ts'],
          globalSetup: ['e2e/support/agent-build.ts', 'packages/test-stack/src/shared-auth-emulator.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
