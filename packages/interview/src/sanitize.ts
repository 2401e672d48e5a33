/**
 * Characters a database text column refuses (PostgreSQL: NUL) or that are not text at all (lone
 * surrogates, noncharacters), and control characters that have no place in a transcript. Tab and
 * line breaks stay.
 */
const UNSTORABLE = /(?![\t\n\r])\p{Cc}|\p{Cs}|[\uFFFE\uFFFF]/gu;

/** `text` without the characters that would make a database write fail or store garbage. */
export function sanitizeText(text: string): string {
  return text.replace(UNSTORABLE, '');
}

/** sanitizeText applied to every string (and key) inside a JSON-like value; other values unchanged. */
export function sanitizeForStorage<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map(sanitizeForStorage) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [sanitizeText(key), sanitizeForStorage(inner)]),
    ) as T;
  }
  return value;
}
