import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const binDir = join(repoRoot, '.bin');
export const dataDir = join(repoRoot, '.data');
export const nodeBin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
