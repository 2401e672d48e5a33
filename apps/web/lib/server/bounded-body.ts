import { HttpError } from './http-error.ts';

export interface BodyLimits {
  /** Largest body accepted: a larger declared length is refused before reading, a larger stream while reading. */
  maxBytes: number;
  /** The whole body must arrive within this: a slow or endless body is cut off, not waited for. */
  timeoutMs: number;
}

/**
 * The one way a route reads its request body: bounded in size and in time while it streams, so no body,
 * chunked or not, makes the server buffer more than `maxBytes` or hold a request open past `timeoutMs`.
 * Whatever was not read is cancelled (the connection is then free to close).
 */
export async function readBodyWithin(request: Request, { maxBytes, timeoutMs }: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    void request.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes);
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) return Buffer.concat(chunks);
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    // Not awaited: with a read still pending on a stalled body, the cancel may never settle.
    void reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'body_too_large', `the request body must be at most ${maxBytes} bytes`);

const tooSlow = (timeoutMs: number) =>
  new HttpError(408, 'body_timeout', `the request body must arrive within ${timeoutMs} ms`, {
    Connection: 'close',
  });
