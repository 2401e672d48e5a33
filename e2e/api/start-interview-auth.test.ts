import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInterviewResponse } from '@rehearse/api-contract';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { type EmulatorUser, signIn, signUpUser, withClaims } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { E2E_FIREBASE_PROJECT } from '@rehearse/test-stack/shared-auth-emulator';
import type { Stack } from '@rehearse/test-stack/stack';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';

let stack: Stack;
let admin: App;
let user: EmulatorUser;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack();
  process.env.FIREBASE_AUTH_EMULATOR_HOST = stack.auth.host;
  admin = initializeApp({ projectId: E2E_FIREBASE_PROJECT }, 'e2e-auth-tests');
  user = await signUpUser(stack.auth.host);
});

afterAll(async () => {
  if (admin) await deleteApp(admin);
  await stack?.stop();
});

async function expectRefused(response: Response, status = 401) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ error: 'unauthorized', request_id: response.headers.get('x-request-id') });
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
  // Refused before anything was created.
  expect(await stack.rooms.listRooms()).toEqual([]);
  return body;
}

async function signedForgery(alg: 'RS256' | 'HS256', payload: Record<string, unknown>) {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg, kid: 'forged-key', typ: 'JWT' });
  if (alg === 'HS256') return jwt.sign(randomBytes(32));
  return jwt.sign((await generateKeyPair('RS256')).privateKey);
}

describe('POST /api/start-interview refuses every request without a valid Firebase ID token (401, no room)', () => {
  it('no Authorization header', async () => {
    await expectRefused(await postStartInterview(stack.web.url));
  });

  it.each([
    ['an empty bearer', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a non-JWT bearer', 'Bearer not-a-token'],
    ['a JWT-shaped bearer of garbage', 'Bearer aaaa.bbbb.cccc'],
    ['an oversized bearer', `Bearer ${'a'.repeat(9000)}.b.c`],
  ])('a malformed header: %s', async (_, authorization) => {
    await expectRefused(await postStartInterview(stack.web.url, { authorization }));
  });

  it('a token signed with a key of our own (RS256), though its claims are right', async () => {
    const forged = await signedForgery('RS256', decodeJwt(user.idToken));
    await expectRefused(await postStartInterview(stack.web.url, { idToken: forged }));
  });

  it('a token signed with a shared secret (HS256), though its claims are right', async () => {
    const forged = await signedForgery('HS256', decodeJwt(user.idToken));
    await expectRefused(await postStartInterview(stack.web.url, { idToken: forged }));
  });

  it('a token for another Firebase project', async () => {
    const other = 'demo-someone-else';
    const forged = withClaims(user.idToken, { aud: other, iss: `https://securetoken.google.com/${other}` });
    await expectRefused(await postStartInterview(stack.web.url, { idToken: forged }));
  });

  it('a tampered token naming a user that does not exist', async () => {
    const ghost = `ghost${randomBytes(8).toString('hex')}`;
    const forged = withClaims(user.idToken, { sub: ghost, user_id: ghost });
    await expectRefused(await postStartInterview(stack.web.url, { idToken: forged }));
  });

  it('an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = withClaims(user.idToken, { iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
    const body = await expectRefused(await postStartInterview(stack.web.url, { idToken: expired }));
    expect(body.message).toMatch(/expired/);
  });

  it('a revoked token (revokeRefreshTokens)', async () => {
    const victim = await signUpUser(stack.auth.host);
    // Revocation compares whole seconds: revoke in a later second than the token's auth_time.
    await sleep(1100);
    await getAuth(admin).revokeRefreshTokens(victim.uid);
    const body = await expectRefused(await postStartInterview(stack.web.url, { idToken: victim.idToken }));
    expect(body.message).toMatch(/revoked/);
  });

  it('a disabled account', async () => {
    const disabled = await signUpUser(stack.auth.host);
    await getAuth(admin).updateUser(disabled.uid, { disabled: true });
    const body = await expectRefused(await postStartInterview(stack.web.url, { idToken: disabled.idToken }));
    expect(body.message).toMatch(/disabled/);
  });

  it('the same 401 on the other authenticated routes', async () => {
    await expectRefused(await getJson(stack.web.url, '/api/interviews'));
    await expectRefused(await getJson(stack.web.url, '/api/progress'));
    await expectRefused(
      await getJson(stack.web.url, '/api/interviews/00000000-0000-4000-8000-000000000000/report'),
    );
  });

  it('with the production verifier (no emulator), an emulator-issued unsigned token is refused', async () => {
    const production = await stack.startExtraWeb({ FIREBASE_AUTH_EMULATOR_HOST: '' });
    try {
      await expectRefused(
        await postStartInterview(production.url, { idToken: await signIn(stack.auth.host, user.email) }),
      );
    } finally {
      await production.stop();
    }
  });

  it('a server pointed at the emulator with a non-demo project refuses to run (503), never trusting unsigned tokens', async () => {
    const misconfigured = await stack.startExtraWeb({ FIREBASE_PROJECT_ID: 'rehearse-production' });
    try {
      const response = await postStartInterview(misconfigured.url, { idToken: user.idToken });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: 'server_misconfigured' });
      expect(await stack.rooms.listRooms()).toEqual([]);
    } finally {
      await misconfigured.stop();
    }
  });

  it('control: the same user with a genuine token gets a room (the refusals above were about the token)', async () => {
    const response = await postStartInterview(stack.web.url, {
      idToken: await signIn(stack.auth.host, user.email),
    });
    expect(response.status).toBe(200);
    const started = await readContract(response, startInterviewResponse);
    const candidate = await RtcParticipant.join(started.livekit_url, started.token);
    try {
      expect((await stack.rooms.listRooms()).map((room) => room.name)).toEqual([started.room_name]);
    } finally {
      await candidate.leave();
    }
  });
});
