import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The speech pipeline the emulator used before @rehearse/speech, kept only as the benchmark's reference: the
 * system's espeak-ng piped into sox, two processes per line.
 */

const programs = ['espeak-ng', 'sox'] as const;

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The reference's programs that are not installed. */
export function missingReferencePrograms(): string[] {
  return programs.filter((program) => !onPath(program));
}

/** Mono PCM16 at `sampleRate` from `espeak-ng | sox`; both must be on PATH (see missingReferencePrograms). */
export async function espeakSoxPcm(text: string, sampleRate: number, voice: string, wordsPerMinute: number) {
  const espeak = spawn('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '--stdout', '--', text], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const soxArgs = [
    '-t',
    'wav',
    '-',
    '-t',
    'raw',
    '-r',
    String(sampleRate),
    '-e',
    'signed-integer',
    '-b',
    '16',
  ];
  const sox = spawn('sox', [...soxArgs, '-c', '1', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  espeak.stdout.pipe(sox.stdin);
  const chunks: Buffer[] = [];
  sox.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // No timeout and so no kill: a bench run that hangs is stopped by its operator.
  const exits = await Promise.all(
    [espeak, sox].map(
      (child) =>
        new Promise<number | null>((resolve, reject) => {
          child.once('error', reject);
          child.once('close', resolve);
        }),
    ),
  );
  if (exits.some((code) => code !== 0)) throw new Error(`espeak-ng | sox failed (exit ${exits.join(', ')})`);
  return Buffer.concat(chunks);
}
