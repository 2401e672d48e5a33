// The reference agent's bundle, made as apps/agent/build.mjs makes ours: dist/main.js (the worker) and dist/job.js
// (what agents-js loads in each job process), plain JavaScript with every npm package left external.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('./dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', import.meta.url).pathname,
  entryPoints: { main: 'main.ts', job: 'job.ts' },
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
        esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => ({ path, external: true }));
      },
    },
  ],
});
