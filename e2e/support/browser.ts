import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { repoRoot } from '@rehearse/local-stack';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';

/**
 * CHROMIUM_PATH, else the first of chromium, chromium-browser, google-chrome on PATH (scripts/preflight.mjs
 * looks the same way). Found when this module loads, so a machine without it fails the browser suite at once,
 * with one line, before any stack starts.
 */
export const CHROMIUM_PATH = findChromium();
export const SCREENSHOT_DIR = join(repoRoot, '.artifacts', 'screenshots');

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findChromium(): string {
  const install = 'Debian: sudo apt-get install chromium · macOS: brew install --cask chromium';
  const configured = process.env.CHROMIUM_PATH;
  const found = configured
    ? [configured].filter(isExecutableFile)
    : ['chromium', 'chromium-browser', 'google-chrome'].flatMap((name) =>
        (process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, name))
          .filter(isExecutableFile),
      );
  if (found[0]) return found[0];
  const error = new Error(
    configured
      ? `Chromium not found at CHROMIUM_PATH=${configured} — ${install}`
      : `Chromium not found (chromium, chromium-browser or google-chrome on PATH, or CHROMIUM_PATH) — ${install}`,
  );
  // The message is the whole story: vitest then prints one line instead of a stack trace.
  error.stack = `${error.name}: ${error.message}`;
  throw error;
}

export interface CandidateBrowser {
  context: BrowserContext;
  page: Page;
  /** Everything the page logged (console and uncaught errors), for failure messages. */
  consoleLines: string[];
  close(): Promise<void>;
}

/**
 * Chromium driven by playwright-core, in a fresh profile, with a fake microphone that plays `wavFile`
 * in a loop, from its start each time the page opens the microphone (the page releases it on mute and opens it
 * again on unmute, so every unmute plays the file from its start). Loopback WebRTC is allowed: the stack runs on 127.0.0.1. Media permission prompts are accepted,
 * unless `microphone` is 'per-site': then headless Chromium denies them, and a site gets the microphone only
 * once `setMicrophonePermission` grants it (the way a candidate unblocks it in the site settings).
 */
export async function launchCandidateBrowser(options: {
  wavFile: string;
  viewport?: { width: number; height: number };
  microphone?: 'accept-prompts' | 'per-site';
}): Promise<CandidateBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rehearse-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.microphone === 'per-site' ? [] : ['--use-fake-ui-for-media-stream']),
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.wavFile}`,
      '--allow-loopback-in-peer-connection',
    ],
  });
  await context.addInitScript(recordMicrophoneTracks);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  return {
    context,
    page,
    consoleLines,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** In the page: keeps every microphone track the page opens, for `liveMicrophoneTracks`. Observation only. */
function recordMicrophoneTracks() {
  const devices = navigator.mediaDevices;
  if (!devices?.getUserMedia) return;
  const opened: MediaStreamTrack[] = [];
  (window as unknown as { __microphoneTracks: MediaStreamTrack[] }).__microphoneTracks = opened;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    opened.push(...stream.getAudioTracks());
    return stream;
  };
}

/** How many of the microphone tracks the page opened are still capturing. */
export function liveMicrophoneTracks(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      ((window as unknown as { __microphoneTracks?: MediaStreamTrack[] }).__microphoneTracks ?? []).filter(
        (track) => track.readyState === 'live',
      ).length,
  );
}

/** Saves a full-page PNG under .artifacts/screenshots/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Blocks or allows the microphone for `origin`, as the browser's site settings do. The setting lasts as long
 * as the DevTools session that made it, so that session stays open until the browser closes.
 */
export async function setMicrophonePermission(
  browser: CandidateBrowser,
  origin: string,
  setting: 'granted' | 'denied',
): Promise<void> {
  const cdp = await browser.context.newCDPSession(browser.page);
  await cdp.send('Browser.setPermission', { permission: { name: 'microphone' }, setting, origin });
}

/**
 * For browser files whose tests are steps of one story, each continuing from the page the previous one
 * left: after the first failure the rest are skipped (they would only fail noisily), and the failure is
 * explained once — a screenshot plus the last lines of the browser console and of the agent and web logs.
 */
export function stopAtFirstFailure(
  diagnostics: () => { page: Page; consoleLines: string[]; agentLog: string[]; webLog: string[] },
) {
  let broken = false;
  beforeEach((context) => {
    if (broken) context.skip();
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || broken) return;
    broken = true;
    const { page, consoleLines, agentLog, webLog } = diagnostics();
    const shot = await saveScreenshot(
      page,
      `failure-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`,
    ).catch(() => 'none');
    process.stderr.write(
      [
        `failure screenshot: ${shot}`,
        '--- browser console (last 40) ---',
        ...consoleLines.slice(-40),
        '--- agent log (last 40) ---',
        ...agentLog.slice(-40),
        '--- web log (last 20) ---',
        ...webLog.slice(-20),
        '',
      ].join('\n'),
    );
  });
}
