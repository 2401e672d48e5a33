#!/usr/bin/env node
/**
 * `node scripts/preflight.mjs dev|test`: checks, before `npm run dev` or `npm test` installs or starts anything,
 * that this machine has the programs they need, and prints one line per missing thing with how to install it
 * on Debian and on macOS (exit 1 if anything is missing). Plain Node on purpose: it runs before node_modules exists.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const NPM_MIN = '11';
const NEEDS_LINUX = 'macOS: none (the tests run in a Linux network namespace: use a Linux VM or container)';

/** True when `found` (e.g. "20.20.2") is at least `required` (e.g. "20.12"), part by part. */
function atLeast(found, required) {
  const have = found.split('.').map(Number);
  for (const [index, part] of required.split('.').map(Number).entries()) {
    const mine = have[index] ?? 0;
    if (mine !== part) return mine > part;
  }
  return true;
}

function isExecutableFile(path) {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && isExecutableFile(join(dir, name)));
}

function checkNode() {
  const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const required = /(\d+(?:\.\d+)*)/.exec(engines)?.[1] ?? '0';
  const found = process.versions.node;
  if (atLeast(found, required)) return undefined;
  return `Node ${required}+ (found ${found}) — Debian: Node from https://nodejs.org/en/download (apt's nodejs is older) · macOS: brew install node`;
}

function checkNpm() {
  // `npm run` says which npm runs it; run directly, ask npm itself.
  const fromAgent = /\bnpm\/(\S+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
  const found = fromAgent ?? spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (found && atLeast(found, NPM_MIN)) return undefined;
  const install = `npm install -g npm@${NPM_MIN}`;
  return `npm ${NPM_MIN}+ (found ${found || 'none'}) — Debian: ${install} · macOS: ${install}`;
}

/** The same rule the installer applies: scripts/install-livekit-server.sh --check prints what is missing. */
function checkLivekitServer() {
  const check = spawnSync('bash', [join(root, 'scripts', 'install-livekit-server.sh'), '--check'], {
    encoding: 'utf8',
  });
  if (check.status === 0) return undefined;
  return check.stdout?.trim() || `livekit-server (the check failed: ${check.stderr?.trim() || check.error})`;
}

/** Where e2e/support/browser.ts looks: CHROMIUM_PATH, else the first of these names on PATH. */
function checkChromium() {
  const install = 'Debian: sudo apt-get install chromium · macOS: brew install --cask chromium';
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return isExecutableFile(configured)
      ? undefined
      : `chromium at CHROMIUM_PATH=${configured} (not an executable file) — ${install}`;
  }
  if (['chromium', 'chromium-browser', 'google-chrome'].some(onPath)) return undefined;
  return `chromium (or chromium-browser or google-chrome on PATH, or CHROMIUM_PATH) — ${install}`;
}

function checkProgram(program, debianPackage, purpose) {
  if (onPath(program)) return undefined;
  return `${program} (${debianPackage}, ${purpose}) — Debian: sudo apt-get install ${debianPackage} · ${NEEDS_LINUX}`;
}

/** Only with CI=true: a laptop's database suite runs on the embedded PGlite (see packages/db/test/backends.ts). */
async function checkPostgres() {
  if (process.env.CI !== 'true') return undefined;
  const url = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const host = url.hostname;
  const port = Number(url.port || 5432);
  const reachable = await new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1500 });
    const finish = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
  if (reachable) return undefined;
  return `PostgreSQL on ${host}:${port} (CI=true requires it: database ${url.pathname.slice(1)}, trust auth on loopback) — Debian: sudo apt-get install postgresql · macOS: brew install postgresql@17 && brew services start postgresql@17`;
}

const checks = {
  dev: [checkNode, checkNpm, checkLivekitServer],
  test: [
    checkNode,
    checkNpm,
    checkLivekitServer,
    checkChromium,
    () => checkProgram('unshare', 'util-linux', "for the tests' network namespace"),
    () => checkProgram('ip', 'iproute2', "for the tests' network namespace"),
    checkPostgres,
  ],
};

const command = process.argv[2];
if (!Object.hasOwn(checks, command ?? '')) {
  console.error(`usage: node scripts/preflight.mjs ${Object.keys(checks).join('|')}`);
  process.exit(2);
}
const missing = (await Promise.all(checks[command].map((check) => check()))).filter(Boolean);
for (const line of missing) console.error(`preflight: missing ${line}`);
process.exit(missing.length > 0 ? 1 : 0);
