import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuild, webDir } from '@rehearse/test-stack/web-app';
import { round } from './stats.ts';

interface RouteBundleStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

/** First-load JavaScript per page route of the production build, as a browser downloads it (gzip). */
export async function benchBundle() {
  const distDir = await ensureWebBuild();
  const stats = JSON.parse(
    readFileSync(join(distDir, 'diagnostics/route-bundle-stats.json'), 'utf8'),
  ) as RouteBundleStats[];
  return Object.fromEntries(
    stats
      .filter((entry) => !entry.route.startsWith('/api') && !entry.route.startsWith('/_'))
      .map((entry) => {
        const gzipBytes = entry.firstLoadChunkPaths.reduce(
          (sum, path) => sum + gzipSync(readFileSync(join(webDir, path))).byteLength,
          0,
        );
        return [
          entry.route,
          {
            firstLoadKiBGzip: round(gzipBytes / 1024),
            firstLoadKiBRaw: round(entry.firstLoadUncompressedJsBytes / 1024),
          },
        ];
      }),
  );
}
