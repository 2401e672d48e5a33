import { networkInterfaces } from 'node:os';

/** Interfaces scripts/in-test-netns.sh creates; anything else means we are on the real network. */
const TEST_INTERFACES = new Set(['lo', 'rehearse0', 'rehearse1']);

export function assertInTestNetworkNamespace(): void {
  const foreign = Object.keys(networkInterfaces()).filter((name) => !TEST_INTERFACES.has(name));
  if (foreign.length > 0) {
    throw new Error(
      `e2e tests must run inside scripts/in-test-netns.sh (found interfaces ${foreign.join(', ')}); use npm run test:e2e`,
    );
  }
}
