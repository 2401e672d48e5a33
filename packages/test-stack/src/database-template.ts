import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, migrate } from '@rehearse/db';
import {
  copyOfFolderMadeOnce,
  freePort,
  repoRoot,
  startEmbeddedDatabaseProcess,
} from '@rehearse/local-stack';

/** Beside the e2e web build, inside node_modules so git and biome never see it. */
const templateRoot = join(repoRoot, 'node_modules/.cache/rehearse-pglite-template');
/** What makes a migrated data folder: PGlite's version, the migrations and the code that applies them. */
const TEMPLATE_INPUTS = [
  'node_modules/@electric-sql/pglite/package.json',
  'packages/db/src/migrate.ts',
  ...readdirSync(join(repoRoot, 'packages/db/src/migrations'))
    .sort()
    .map((name) => `packages/db/src/migrations/${name}`),
];

function templateKey(): string {
  const hash = createHash('sha256');
  for (const path of TEMPLATE_INPUTS) hash.update(path).update(readFileSync(join(repoRoot, path)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Fills the empty `dataDir` with a copy of a migrated PGlite data folder, made once per set of migrations: a new
 * PGlite folder takes ~5.5 s to initialise (initdb in WebAssembly), a copy ~0.6 s to open. The stack still runs
 * the migrations on it (they find nothing to do); a brand-new folder is e2e/dev-stack/fresh-machine.test.ts's.
 */
export function copyMigratedDatabase(dataDir: string): Promise<void> {
  return copyOfFolderMadeOnce(join(templateRoot, templateKey()), dataDir, async (folder) => {
    const server = await startEmbeddedDatabaseProcess({ dataDir: folder, port: await freePort() });
    try {
      const db = createDatabase({ url: server.readyValue ?? '', queryTimeoutMs: 30_000 });
      await migrate(db.pool).finally(() => db.close());
    } finally {
      await server.stop();
    }
  });
}
