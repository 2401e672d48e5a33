import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const binDir = join(repoRoot, '.bin');
/** Local state (embedded database, process registry); REHEARSE_DATA_DIR moves it, e.g. for a test run of the dev stack. */
export const dataDir = process.env.REHEARSE_DATA_DIR || join(repoRoot, '.data');
export const nodeBin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
