/** What a Range header asks of a body of `size` bytes (RFC 9110 §14), for one range only. */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * One byte range (what `<audio>` asks for when it seeks). A header that is absent, malformed or asks for
 * several ranges is ignored (the whole body, 200), as RFC 9110 allows; a range wholly past the end is 416.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  const match = header?.trim().match(SINGLE_RANGE);
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // bytes=-N: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' }; // invalid: ignored
  return { kind: 'partial', start, end };
}
