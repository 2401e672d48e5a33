import { freePort, startAuthEmulator } from '@rehearse/local-stack';
import type { TestProject } from 'vitest/node';

/** The Firebase project every e2e stack's web app and Auth emulator use. */
export const E2E_FIREBASE_PROJECT = 'demo-rehearse-e2e';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the one Auth emulator a test run shares (see `authEmulator`). */
    authEmulatorHost: string;
  }
}

/**
 * Vitest global set-up: one Firebase Auth emulator for the whole run. It takes ~12 s to start on a 2-core
 * machine, and every test user has a random email, so the stacks of all test files can share it.
 */
export default async function startSharedAuthEmulator(project: TestProject) {
  const auth = await startAuthEmulator({ port: await freePort(), projectId: E2E_FIREBASE_PROJECT });
  project.provide('authEmulatorHost', auth.host);
  return () => auth.stop();
}

/** The run's shared Auth emulator inside vitest; outside it (the benchmarks) one of the caller's own. */
export async function authEmulator(): Promise<{ host: string; stop(): Promise<void> }> {
  if (process.env.VITEST) {
    const { inject } = await import('vitest');
    const host = inject('authEmulatorHost');
    if (host) return { host, stop: async () => {} };
  }
  return startAuthEmulator({ port: await freePort(), projectId: E2E_FIREBASE_PROJECT });
}
