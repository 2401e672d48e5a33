import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@rehearse/local-stack';
import { BUILD_CANARIES, ensureWebBuild, startWebApp } from '@rehearse/test-stack/web-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

// The canaries' values, and the shapes any service-account or private key material would have.
const SECRET_NEEDLES = [
  ...Object.values(BUILD_CANARIES),
  JSON.parse(BUILD_CANARIES.FIREBASE_SERVICE_ACCOUNT).private_key_id as string,
  'CANARYPRIVATEKEYMATERIAL3e1f',
  'canary-db-password-91c3',
  'private_key',
  'BEGIN PRIVATE KEY',
  'LIVEKIT_API_SECRET',
  'GOOGLE_API_KEY',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function findNeedles(files: string[], needles: string[]): Array<{ file: string; needle: string }> {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'latin1');
    return needles.filter((needle) => text.includes(needle)).map((needle) => ({ file, needle }));
  });
}

let distDir: string;
let shippedFiles: string[];
let stopWeb: () => Promise<void> = async () => {};

/** Pages render per request (they read the public Firebase config at runtime): fetch them as a browser would. */
async function servedPages(): Promise<string[]> {
  const web = await startWebApp({
    port: await freePort(),
    env: {
      ...BUILD_CANARIES,
      // A complete server config: the server checks it at start and would not serve pages without it.
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      NEXT_PUBLIC_FIREBASE_API_KEY: 'demo-api-key',
      NEXT_PUBLIC_FIREBASE_PROJECT_ID: 'demo-rehearse-e2e',
      NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: 'demo-rehearse-e2e.firebaseapp.com',
    },
  });
  stopWeb = web.stop;
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-pages-'));
  const files: string[] = [];
  for (const path of ['/', '/sign-in', '/interview', '/interviews/some-id/report']) {
    const response = await fetch(`${web.url}${path}`, { signal: AbortSignal.timeout(30_000) });
    const file = join(dir, `${files.length}.html`);
    writeFileSync(file, await response.text());
    files.push(file);
  }
  return files;
}

beforeAll(async () => {
  assertInTestNetworkNamespace();
  distDir = await ensureWebBuild();
  // What a browser can fetch: static chunks, and every page as the running server (with the secrets in its env) serves it.
  shippedFiles = [...filesUnder(join(distDir, 'static')), ...(await servedPages())];
});

afterAll(async () => stopWeb());

describe('production client bundle', () => {
  it('was built with distinctive fake secrets in its environment', () => {
    const stamp = JSON.parse(readFileSync(join(distDir, 'rehearse-e2e-build.json'), 'utf8'));
    expect(stamp.canaries).toEqual(BUILD_CANARIES);
  });

  it('is what the search covers: JS chunks plus the pages a browser is served', () => {
    expect(shippedFiles.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(3);
    const pageText = findNeedles(shippedFiles, ['Practise interviews out loud with Noah']);
    expect(pageText.length).toBeGreaterThan(0);
  });

  it('the search finds a secret when one is there (planted in a copy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-planted-'));
    try {
      const planted = join(dir, 'chunk.js');
      writeFileSync(planted, `self.x=${JSON.stringify({ key: BUILD_CANARIES.LIVEKIT_API_SECRET })};`);
      expect(findNeedles([planted], SECRET_NEEDLES)).toEqual([
        { file: planted, needle: BUILD_CANARIES.LIVEKIT_API_SECRET },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('contains no server secret, key material or secret variable name', () => {
    expect(findNeedles(shippedFiles, SECRET_NEEDLES)).toEqual([]);
  });
});
