import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const main = fileURLToPath(new URL('./failing-engines-main.ts', import.meta.url));

it('a missing or failing engine rejects that call with a clear message, and the process lives on', async () => {
  // PATH names no directory: nothing the synthesis needs may come from a system program.
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const [code, signal] = await once(child, 'exit');
  expect({ code, signal }, output).toEqual({ code: 0, signal: null });
  expect(output.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^missing engine: rejected: speech engine failed to load: .*'@echogarden\/espeak-ng-emscripten-missing'/,
    ),
    'missing engine, next call: spoke',
    'throwing loader: rejected: speech engine failed to load: no engine here',
    'failing engine: rejected: speech synthesis failed (voice en-us+m3): unreachable',
    'failing engine, next call: spoke',
    'shared engine: spoke',
    'alive, engine loads: 2',
  ]);
}, 60_000);
