// The agent's production build: dist/main.js (the worker) and dist/job.js (what agents-js loads in each job
// process), so production runs plain JavaScript: no TypeScript loader, no transform at start. Our workspace
// packages (TypeScript sources) are bundled in; every npm package stays an import of node_modules, as in
// development (native bindings, and the agents-js internals the plugin contract checks).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('./dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', import.meta.url).pathname,
  entryPoints: { main: 'src/main.ts', job: 'src/job.ts' },
  outdir,
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
