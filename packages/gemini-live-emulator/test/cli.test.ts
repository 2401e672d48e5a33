import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectSdk, withTimeout } from './helpers.ts';

const bin = fileURLToPath(new URL('../bin/gemini-live-emulator.mjs', import.meta.url));

describe('gemini-live-emulator CLI', () => {
  it('prints exactly one ready line, serves the SDK, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    try {
      await withTimeout(
        new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('\n') && resolve())),
        20_000,
        'ready line',
      );
      expect(stdout).toMatch(/^ready ws:\/\/127\.0\.0\.1:\d+\n$/);
      const baseUrl = stdout.trim().replace('ready ws://', 'http://');
      const connection = await connectSdk(baseUrl, {});
      connection.session.close();
      expect((await connection.closed).code).toBe(1000);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await withTimeout(exited, 10_000, 'exit');
      expect(code).toBe(0);
    }
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('exits with a clear error for a bad scenario file', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--scenario', '/nonexistent/scenario.json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const [code] = await withTimeout(once(child, 'exit'), 20_000, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot read scenario /nonexistent/scenario.json');
  });
});
