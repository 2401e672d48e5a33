import { request as httpRequest } from 'node:http';
import { freePort } from '@rehearse/local-stack';
import { processGroupRssBytes } from '@rehearse/test-stack/process-group';
import { startWebApp } from '@rehearse/test-stack/web-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/**
 * Bodies sent to hurt the server, against the production build (`next start`): a 200 MB chunked body with
 * any Authorization value, and a body that stops arriving. Each is answered 4xx early, the server's memory
 * stays flat, and it goes on answering. No database, LiveKit or Firebase is needed: the body is refused
 * before any of them would be asked.
 */
const BODY_READ_TIMEOUT_MS = 1_000;
const MiB = 1024 * 1024;
let web: Awaited<ReturnType<typeof startWebApp>>;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  web = await startWebApp({
    port: await freePort(),
    env: {
      LIVEKIT_URL: 'ws://127.0.0.1:9',
      LIVEKIT_API_KEY: 'e2e-key',
      LIVEKIT_API_SECRET: 'e2e-secret-for-tests-only-0123456789abcdef',
      DATABASE_URL: 'postgres://rehearse@127.0.0.1:9/rehearse',
      FIREBASE_PROJECT_ID: 'demo-rehearse-e2e',
      BODY_READ_TIMEOUT_MS: String(BODY_READ_TIMEOUT_MS),
      LOG_LEVEL: 'warn',
    },
  });
});

afterAll(async () => web?.stop());

interface Sent {
  status: number;
  /** Bytes of the body written when the answer came. */
  bytesSent: number;
  answeredAfterMs: number;
}

/**
 * POSTs a chunked body (no Content-Length) of up to `totalBytes`, written as fast as the server takes it,
 * or stalled after `stallAfterBytes`; stops writing as soon as the answer arrives.
 */
function postChunked(path: string, totalBytes: number, stallAfterBytes = Number.POSITIVE_INFINITY) {
  return new Promise<Sent>((resolve, reject) => {
    const startedAt = Date.now();
    const chunk = Buffer.alloc(MiB, 0x61);
    let bytesSent = 0;
    let answered = false;
    const request = httpRequest(`${web.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer whatever', 'content-type': 'application/json' },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, bytesSent, answeredAfterMs: Date.now() - startedAt });
      request.destroy();
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = () => {
      while (!answered && bytesSent < totalBytes && bytesSent < stallAfterBytes) {
        const piece = bytesSent + chunk.length > stallAfterBytes ? chunk.subarray(0, 1) : chunk;
        bytesSent += piece.length;
        if (!request.write(piece)) return void request.once('drain', write);
      }
      if (bytesSent >= totalBytes) request.end();
    };
    write();
  });
}

describe('a hostile request body', () => {
  it('a 200 MB chunked body to the webhook, with any Authorization, is refused early and not buffered', async () => {
    const before = processGroupRssBytes(web.pid);
    const sent = await postChunked('/api/livekit/webhook', 200 * MiB);
    const after = processGroupRssBytes(web.pid);
    process.stderr.write(
      `200 MB body: ${sent.status} after ${sent.bytesSent / MiB} MiB sent (${sent.answeredAfterMs} ms); server RSS ${Math.round(before / MiB)} → ${Math.round(after / MiB)} MiB\n`,
    );
    expect(sent.status).toBe(413);
    expect(sent.bytesSent).toBeLessThan(200 * MiB);
    // Before the bounded reader the whole body was held: RSS grew by more than the body's size.
    expect(after - before).toBeLessThan(64 * MiB);
  });

  it('a body that stops arriving is cut off by time', async () => {
    const sent = await postChunked('/api/livekit/webhook', MiB, 1);
    expect(sent.status).toBe(408);
    expect(sent.bytesSent).toBe(1);
  });

  it('goes on answering afterwards', async () => {
    const response = await fetch(`${web.url}/api/livekit/webhook`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401); // no signature at all
  });
});
