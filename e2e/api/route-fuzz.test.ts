import { createDatabase, type Database } from '@rehearse/db';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { processGroupRssBytes } from '@rehearse/test-stack/process-group';
import type { Stack } from '@rehearse/test-stack/stack';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

/**
 * Property-based fuzzing of every route of the production build (`next start`): random methods, paths and
 * path parameters, headers, content types and bodies, anonymous or with a real user's token. Never a 5xx,
 * never a stack trace or a secret in an answer, nothing written to the database, the server alive and its
 * memory flat. A fixed seed and budget here; `FUZZ_RUNS=5000 npm run test:e2e -- e2e/api/route-fuzz` for a
 * longer run (`FUZZ_SEED` picks another seed).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const MiB = 1024 * 1024;

let stack: Stack;
let database: Database;
let idToken: string;
let uid: string;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  // Limits out of the way, so every request reaches the code that reads and checks its input.
  stack = await startApiStack({
    webEnv: {
      START_INTERVIEW_RATE_LIMIT: '1000',
      START_INTERVIEW_IP_RATE_LIMIT: '10000',
      START_INTERVIEW_GLOBAL_RATE_LIMIT: '1000000',
      API_RATE_LIMIT: '10000',
      HEALTH_DEEP_RATE_LIMIT: '10000',
    },
  });
  database = createDatabase({ url: stack.databaseUrl, queryTimeoutMs: 5_000 });
  const user = await signUpUser(stack.auth.host, 'Fuzz');
  ({ idToken, uid } = user);
  // The user's row exists before the counts are taken: a valid sign-in may write it, nothing else may.
  await fetch(`${stack.web.url}/api/interviews`, { headers: { authorization: `Bearer ${idToken}` } });
});

afterAll(async () => {
  await database?.close();
  await stack?.stop();
});

const TABLES = [
  'users',
  'interview_sessions',
  'answers',
  'answer_recordings',
  'transcript_turns',
  'failed_writes',
  'webhook_events',
] as const;

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

const uuid = fc.uuid();
const pathParameter = fc.oneof(
  uuid,
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', '%E2%80%AE', 'a'.repeat(2000), '{{id}}', "' OR 1=1 --"),
);
const path = fc.oneof(
  fc.constant('/api/start-interview'),
  fc.constant('/api/interviews'),
  fc.constant('/api/progress'),
  pathParameter.map((id) => `/api/interviews/${encodeURIComponent(id)}/report`),
  pathParameter.map((id) => `/api/interviews/${encodeURIComponent(id)}/abandon`),
  pathParameter.map((id) => `/api/interviews/${encodeURIComponent(id)}`),
  fc
    .tuple(pathParameter, fc.oneof(fc.constantFrom('background', 'swe-1'), pathParameter))
    .map(
      ([id, question]) =>
        `/api/interviews/${encodeURIComponent(id)}/answers/${encodeURIComponent(question)}/audio`,
    ),
  fc.constant('/api/livekit/webhook'),
  fc.constantFrom('/api/health', '/api/health?deep=1', '/api/health?deep=%00'),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/webhook+json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    ),
    fc.string({ maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
  ),
  { nil: undefined },
);
const headerText = fc.string({ maxLength: 300 }).filter((value) => /^[\x20-\x7e]*$/.test(value));
const authorization = (withUser: boolean) =>
  withUser
    ? fc.constant(`Bearer ${idToken}`)
    : fc.option(
        fc.oneof(
          headerText,
          headerText.map((value) => `Bearer ${value}`),
          fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
        ),
        { nil: undefined },
      );
const body = fc.option(
  fc.oneof(
    fc.json(),
    fc.string({ maxLength: 2000 }),
    fc.uint8Array({ maxLength: 4096 }),
    fc.constantFrom('{"target_role":', '{"target_role":"x","admin":true}', '[]', 'null', '"\u0000"'),
    fc.integer({ min: 4_097, max: 200_000 }).map((size) => 'x'.repeat(size)),
  ),
  { nil: undefined },
);

/** Bodies start-interview would accept: with a real user they start an interview, which is a write on purpose. */
function startsAnInterview(requestPath: string, requestMethod: string, requestBody: unknown): boolean {
  if (requestPath !== '/api/start-interview' || requestMethod !== 'POST') return false;
  if (requestBody === undefined) return true;
  const text =
    requestBody instanceof Uint8Array ? Buffer.from(requestBody).toString('utf8') : String(requestBody);
  if (text.trim() === '') return true; // no body, or only whitespace: start-interview's `{}`
  try {
    const parsed = JSON.parse(text);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.keys(parsed).every((key) => key === 'target_role')
    );
  } catch {
    return false;
  }
}

const STACK_TRACE = /\n\s+at \S+ \(|node_modules|\/work\/|webpack-internal|\.next\//;

async function fuzz(withUser: boolean, runs: number) {
  const secrets = [TEST_API_SECRET, stack.databaseUrl];
  await fc.assert(
    fc.asyncProperty(
      method,
      path,
      authorization(withUser),
      contentType,
      body,
      headerText,
      async (requestMethod, requestPath, auth, type, requestBody, forwardedFor) => {
        fc.pre(!(withUser && startsAnInterview(requestPath, requestMethod, requestBody)));
        const headers: Record<string, string> = { 'x-forwarded-for': forwardedFor };
        if (auth !== undefined) headers.authorization = auth;
        if (type !== undefined) headers['content-type'] = type;
        const sendsBody = requestBody !== undefined && requestMethod !== 'GET';
        const response = await fetch(`${stack.web.url}${requestPath}`, {
          method: requestMethod,
          headers,
          body: sendsBody
            ? typeof requestBody === 'string'
              ? requestBody
              : requestBody instanceof Uint8Array
                ? new Blob([requestBody]) // a copy: fetch detaches an ArrayBuffer it sends
                : JSON.stringify(requestBody)
            : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const where = `${requestMethod} ${requestPath} → ${response.status}: ${text.slice(0, 300)}`;
        expect(response.status, where).toBeLessThan(500);
        expect(STACK_TRACE.test(text), where).toBe(false);
        for (const secret of secrets) expect(text.includes(secret), where).toBe(false);
      },
    ),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
}

describe('every route, fuzzed', () => {
  it(`anonymous or forged callers (${RUNS} requests): never a 5xx, a trace or a secret; nothing written`, async () => {
    const before = await rowCounts();
    const rssBefore = processGroupRssBytes(stack.web.pid);
    await fuzz(false, RUNS);
    expect(await rowCounts()).toEqual(before);
    const grown = processGroupRssBytes(stack.web.pid) - rssBefore;
    process.stderr.write(
      `fuzz (anonymous): ${RUNS} requests, server RSS ${Math.round(grown / MiB)} MiB more\n`,
    );
    expect(grown).toBeLessThan(150 * MiB);
  });

  it(`a signed-in user with bad input (${RUNS} requests): never a 5xx, a trace or a secret; nothing written`, async () => {
    const before = await rowCounts();
    await fuzz(true, RUNS);
    expect(await rowCounts()).toEqual(before);
    expect((await database.interviews.listForUser(uid, 10)).length).toBe(0);
  });

  it('the server is still alive and answering', async () => {
    expect((await fetch(`${stack.web.url}/api/health`)).status).toBe(200);
  });
});
