import type { LogSink } from './service.ts';

const COLORS = [36, 35, 33, 32, 34, 91, 96];
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN_KEYS = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'ts',
  'caller',
  'logger',
  'name',
  'v',
]);

/** Prefixed, colour-coded lines per process; JSON (pino, zap) lines become `LEVEL msg key=value`. */
export function prefixedLog(write: (text: string) => void = (text) => process.stdout.write(text)): LogSink {
  const colorOf = new Map<string, number>();
  const width = 8;
  return (service, line) => {
    if (!colorOf.has(service)) colorOf.set(service, COLORS[colorOf.size % COLORS.length] ?? 37);
    const prefix = `\x1b[${colorOf.get(service)}m${service.padEnd(width)}│\x1b[0m`;
    write(`${prefix} ${readable(line)}\n`);
  };
}

function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    const level =
      typeof record.level === 'number' ? LEVELS[record.level] : String(record.level ?? '').toUpperCase();
    const fields = Object.entries(record)
      .filter(([key]) => !HIDDEN_KEYS.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return [level, record.msg, ...fields].filter(Boolean).join(' ');
  } catch {
    return line;
  }
}
