import { processGroupMembers } from '@rehearse/test-stack/process-group';

/** Summary statistics for a list of measurements (milliseconds or operations). */
export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean: round(mean),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(at(1)),
  };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Resident memory of a process group, in MiB, and how many processes it has (Linux /proc). */
export async function groupRss(pgid: number): Promise<{ rssMiB: number; processes: number }> {
  const { readFile } = await import('node:fs/promises');
  let kib = 0;
  let processes = 0;
  for (const pid of processGroupMembers(pgid)) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      processes++;
    } catch {
      // the process ended meanwhile
    }
  }
  return { rssMiB: round(kib / 1024), processes };
}

export function progress(label: string, done: number, total: number): void {
  const width = 24;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}
