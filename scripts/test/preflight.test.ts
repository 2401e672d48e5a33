/**
 * scripts/preflight.mjs, run the way `npm run dev` / `npm test` run it, in a copy of the checkout (so the real
 * .bin/livekit-server does not count) with a PATH that holds exactly the programs each case gives it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const NPM_11_AGENT = 'npm/11.6.2 node/v20.20.2 linux x64 workspaces/false';

/** What the preflight and the livekit-server check themselves run. */
const BASE_PROGRAMS = ['bash', 'dirname', 'grep'];

let checkout: string;
let bin: string;

beforeEach(() => {
  checkout = mkdtempSync(join(tmpdir(), 'rehearse-preflight-'));
  mkdirSync(join(checkout, 'scripts'));
  for (const script of ['preflight.mjs', 'install-livekit-server.sh']) {
    copyFileSync(join(repoRoot, 'scripts', script), join(checkout, 'scripts', script));
  }
  copyFileSync(join(repoRoot, 'package.json'), join(checkout, 'package.json'));
  bin = join(checkout, 'path-bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const program of BASE_PROGRAMS) {
    symlinkSync(
      execFileSync('bash', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim(),
      join(bin, program),
    );
  }
});

afterEach(() => rmSync(checkout, { recursive: true, force: true }));

/** A program on the test PATH that prints `output` (system programs the preflight only looks for). */
function provide(program: string, output = '') {
  const path = join(bin, program);
  writeFileSync(path, `#!/bin/sh\necho '${output}'\n`, { mode: 0o755 });
}

async function listen(): Promise<Server> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

function runPreflight(command: 'dev' | 'test', env: Record<string, string> = {}) {
  const run = spawnSync(join(bin, 'node'), [join(checkout, 'scripts', 'preflight.mjs'), command], {
    encoding: 'utf8',
    env: { PATH: bin, npm_config_user_agent: NPM_11_AGENT, ...env },
  });
  return { status: run.status, lines: run.stderr.split('\n').filter(Boolean) };
}

describe('preflight', () => {
  it('names each missing program of `npm test`, with its Debian and macOS install, and fails', () => {
    const { status, lines } = runPreflight('test');

    expect(lines.map((line) => line.split(' — ')[0])).toEqual([
      'preflight: missing livekit-server 1.13.5 (in .bin/ or on PATH) or Go 1.26+ to build it',
      'preflight: missing chromium (or chromium-browser or google-chrome on PATH, or CHROMIUM_PATH)',
      "preflight: missing unshare (util-linux, for the tests' network namespace)",
      "preflight: missing ip (iproute2, for the tests' network namespace)",
    ]);
    for (const line of lines) expect(line).toMatch(/ — Debian: .+ · macOS: .+$/);
    expect(lines[1]).toContain('Debian: sudo apt-get install chromium · macOS: brew install --cask chromium');
    expect(status).toBe(1);
  });

  it('passes `npm test` when every program is there', () => {
    for (const program of ['chromium', 'unshare', 'ip']) provide(program);
    provide('livekit-server', 'livekit-server version 1.13.5');

    expect(runPreflight('test')).toEqual({ status: 0, lines: [] });
  });

  it('takes Go 1.26+ instead of livekit-server, not an older Go nor another livekit-server', () => {
    provide('livekit-server', 'livekit-server version 1.9.0');
    provide('go', 'go1.24.4');
    expect(runPreflight('dev').lines).toEqual([
      expect.stringMatching(/^preflight: missing livekit-server 1\.13\.5 .* or Go 1\.26\+ to build it — /),
    ]);

    provide('go', 'go1.26.0');
    expect(runPreflight('dev')).toEqual({ status: 0, lines: [] });
  });

  it('needs the Node of package.json engines and npm 11', () => {
    provide('go', 'go1.26.0');
    const manifest = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8'));
    writeFileSync(
      join(checkout, 'package.json'),
      JSON.stringify({ ...manifest, engines: { node: '>=99.1' } }),
    );

    const { status, lines } = runPreflight('dev', { npm_config_user_agent: 'npm/10.9.2 node/v20.20.2' });

    expect(lines).toEqual([
      expect.stringMatching(
        `^preflight: missing Node 99\\.1\\+ \\(found ${process.versions.node}\\) — Debian: `,
      ),
      'preflight: missing npm 11+ (found 10.9.2) — Debian: npm install -g npm@11 · macOS: npm install -g npm@11',
    ]);
    expect(status).toBe(1);
  });

  it('accepts a browser at CHROMIUM_PATH and refuses one that is not there', () => {
    for (const program of ['unshare', 'ip']) provide(program);
    provide('go', 'go1.26.0');
    provide('my-chrome');

    expect(runPreflight('test', { CHROMIUM_PATH: join(bin, 'my-chrome') }).status).toBe(0);
    expect(runPreflight('test', { CHROMIUM_PATH: '/nowhere/chrome' }).lines).toEqual([
      expect.stringMatching(
        /^preflight: missing chromium at CHROMIUM_PATH=\/nowhere\/chrome \(not an executable/,
      ),
    ]);
  });

  describe('PostgreSQL', () => {
    beforeEach(() => {
      for (const program of ['chromium', 'unshare', 'ip']) provide(program);
      provide('go', 'go1.26.0');
    });

    it('is required only with CI=true, where it must accept connections', async () => {
      const server = await listen();
      const port = portOf(server);
      await close(server);
      const url = `postgres://postgres@127.0.0.1:${port}/test`;

      expect(runPreflight('test', { TEST_POSTGRES_URL: url }).status).toBe(0);
      expect(runPreflight('test', { TEST_POSTGRES_URL: url, CI: 'true' }).lines).toEqual([
        expect.stringMatching(
          `^preflight: missing PostgreSQL on 127\\.0\\.0\\.1:${port} \\(CI=true requires it`,
        ),
      ]);
    });

    it('passes with CI=true when something accepts connections there', async () => {
      const server = await listen();
      try {
        const url = `postgres://postgres@127.0.0.1:${portOf(server)}/test`;
        expect(runPreflight('test', { TEST_POSTGRES_URL: url, CI: 'true' })).toEqual({
          status: 0,
          lines: [],
        });
      } finally {
        await close(server);
      }
    });
  });
});
