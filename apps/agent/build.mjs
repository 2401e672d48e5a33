// The agent's production build: dist/main.js (the worker) and dist/job.js (what agents-js loads in each job
// process), so production runs plain JavaScript: no TypeScript loader, no transform at start. Our workspace
// packages (TypeScript sources) are bundled in; every npm package stays an import of node_modules, as in
// development (native bindings, and the agents-js internals the plugin contract checks).
//
// `--entry-dir DIR --out-dir DIR` builds another agent the same way from DIR/main.ts and DIR/job.ts (the capacity
// bench's reference agent, which imports no workspace package, so the same rule keeps all of its imports external).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    'entry-dir': { type: 'string', default: resolve(here, 'src') },
    'out-dir': { type: 'string', default: resolve(here, 'dist') },
  },
  strict: true,
});
await buildAgentBundle(resolve(values['entry-dir']), resolve(values['out-dir']));

/** Bundles `entryDir`/main.ts and job.ts into `outDir` (emptied first). */
async function buildAgentBundle(entryDir, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: entryDir,
    entryPoints: { main: 'main.ts', job: 'job.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'npm-packages-external',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            path.startsWith('@rehearse/') ? undefined : { path, external: true },
          );
        },
      },
    ],
  });
}
