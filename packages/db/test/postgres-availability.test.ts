import { describe, it } from 'vitest';
import { postgresAddress, postgresProbe, postgresRequired } from './backends.ts';

/**
 * Says once whether the database suites also ran on PostgreSQL. A laptop without it runs them on the embedded
 * PGlite only, and this file says so; with CI=true PostgreSQL is required and its absence fails here.
 */
describe('PostgreSQL for the database suites', () => {
  if (!postgresProbe.reachable && !postgresRequired) {
    const skipped = `PostgreSQL at ${postgresAddress} not reachable — skipped (set CI=true to require it)`;
    console.warn(`${skipped}: ${postgresProbe.reason}; the database suites ran on the embedded PGlite only`);
    it.skip(skipped, () => {});
    return;
  }
  it(`PostgreSQL at ${postgresAddress} is reachable${postgresRequired ? ' (CI=true requires it)' : ''}`, () => {
    if (!postgresProbe.reachable) {
      throw new Error(
        `PostgreSQL at ${postgresAddress} not reachable (${postgresProbe.reason}); CI=true requires it: start it, or point TEST_POSTGRES_URL at one`,
      );
    }
  });
});
