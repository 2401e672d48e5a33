import { describe, it } from 'vitest';
import { pgbouncerInstalled, postgresAddress, postgresProbe, postgresRequired } from './backends.ts';

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

/** The same for PgBouncer: the database suites run through it in transaction pooling mode when it is installed. */
describe('PgBouncer for the database suites', () => {
  if (!pgbouncerInstalled && !postgresRequired) {
    const skipped =
      'pgbouncer not installed — the database suites did not run through it (Debian: pgbouncer)';
    console.warn(`${skipped}; set CI=true to require it`);
    it.skip(skipped, () => {});
    return;
  }
  it(`pgbouncer is installed${postgresRequired ? ' (CI=true requires it)' : ''}`, () => {
    if (!pgbouncerInstalled) {
      throw new Error('pgbouncer not installed; CI=true requires it: Debian: sudo apt-get install pgbouncer');
    }
  });
});
