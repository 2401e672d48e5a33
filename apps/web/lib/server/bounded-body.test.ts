import { describe, expect, it } from 'vitest';
import { readBodyWithin } from './bounded-body.ts';
import { HttpError } from './http-error.ts';

const CHUNK = new Uint8Array(64 * 1024).fill(0x61);

/** A chunked body (no Content-Length) of `totalBytes`, produced only as it is read; counts what was pulled. */
function endlessBody(totalBytes: number) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= totalBytes) return controller.close();
      seen.pulled += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { body, seen };
}

/** A body that sends one byte and then nothing, forever. */
function stalledBody() {
  const seen = { cancelled: false };
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return new Promise<void>(() => {});
      sent = true;
      controller.enqueue(new Uint8Array([0x7b]));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { body, seen };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

async function httpErrorOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('readBodyWithin', () => {
  it('returns a body within its limits, and an empty one for no body', async () => {
    const body = await readBodyWithin(post('{"a":1}'), { maxBytes: 100, timeoutMs: 1_000 });
    expect(body.toString('utf8')).toBe('{"a":1}');
    expect((await readBodyWithin(post(null), { maxBytes: 100, timeoutMs: 1_000 })).length).toBe(0);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const { body, seen } = endlessBody(10 * CHUNK.byteLength);
    const request = post(body, { 'content-length': String(10 * CHUNK.byteLength) });
    const error = await httpErrorOf(readBodyWithin(request, { maxBytes: 1024, timeoutMs: 1_000 }));
    expect(error.status).toBe(413);
    expect(seen.pulled).toBeLessThanOrEqual(CHUNK.byteLength); // the stream may prefetch one chunk
  });

  it('stops a 200 MB chunked body just past the limit and cancels the rest', async () => {
    const { body, seen } = endlessBody(200 * 1024 * 1024);
    const error = await httpErrorOf(readBodyWithin(post(body), { maxBytes: 64 * 1024, timeoutMs: 5_000 }));
    expect(error.status).toBe(413);
    expect(error.code).toBe('body_too_large');
    expect(seen.pulled).toBeLessThanOrEqual(3 * CHUNK.byteLength);
    expect(seen.cancelled).toBe(true);
  });

  it('cuts off a body that stops arriving, by time', async () => {
    const { body, seen } = stalledBody();
    const startedAt = Date.now();
    const error = await httpErrorOf(readBodyWithin(post(body), { maxBytes: 1024, timeoutMs: 300 }));
    expect(error.status).toBe(408);
    expect(error.code).toBe('body_timeout');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(seen.cancelled).toBe(true);
  });
});
