import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

/** Finds `name` in `startDir` or the nearest parent that has it. */
export function findUp(name: string, startDir = process.cwd()): string | undefined {
  let dir = startDir;
  for (;;) {
    // The hint keeps Next's bundler from tracing the whole repository through this dynamic path.
    const candidate = join(/*turbopackIgnore: true*/ dir, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readEnvFile(path: string): Record<string, string> {
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/**
 * Loads `.env` (nearest one up from cwd) into `env` without overriding anything already set:
 * the platform's own variables (Cloud Run's PORT, say) always win over the file.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, path = findUp('.env')): string | undefined {
  if (!path) return undefined;
  for (const [key, value] of Object.entries(readEnvFile(path))) {
    if (env[key] === undefined) env[key] = value;
  }
  return path;
}
