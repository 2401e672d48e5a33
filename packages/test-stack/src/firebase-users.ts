import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';

export interface EmulatorUser {
  uid: string;
  email: string;
  displayName: string;
  idToken: string;
}

/** A new email/password user in the Auth emulator, through the same REST API the Firebase JS SDK uses. */
export async function signUpUser(authHost: string, displayName = 'Ada Candidate'): Promise<EmulatorUser> {
  const email = `user-${randomUUID()}@example.test`;
  const response = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        password: 'correct horse battery staple',
        displayName,
        returnSecureToken: true,
      }),
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!response.ok) throw new Error(`signUp failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { localId: string; idToken: string };
  return { uid: body.localId, email, displayName, idToken: body.idToken };
}

/** A fresh ID token for an existing user (password sign-in). */
export async function signIn(authHost: string, email: string): Promise<string> {
  const response = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=any`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple', returnSecureToken: true }),
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!response.ok) throw new Error(`signIn failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { idToken: string }).idToken;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Re-encodes an (unsigned, emulator-issued) ID token with some claims changed and no signature. */
export function withClaims(idToken: string, changes: Record<string, unknown>): string {
  const header = decodeProtectedHeader(idToken);
  const payload = decodeJwt(idToken);
  return `${base64url(header)}.${base64url({ ...payload, ...changes })}.`;
}
