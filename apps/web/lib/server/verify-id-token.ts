import 'server-only';
import { serverConfig } from './config.ts';
import { adminAuth } from './firebase-admin.ts';
import { dependencyUnavailable, unauthorized } from './http-error.ts';
import type { RequestContext } from './request-context.ts';
import { DependencyTimeoutError, withTimeout } from './timeout.ts';

export interface VerifiedUser {
  uid: string;
  email: string | null;
  name: string | null;
}

// A Firebase ID token is a compact JWS: three base64url parts. Anything else is refused before any network call.
const bearerToken = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const MAX_TOKEN_CHARS = 8192;

// Firebase cannot answer right now: the caller's token may be fine, so this is a 503, not a 401.
const unavailableCodes = new Set(['app/network-error', 'app/network-timeout', 'auth/internal-error']);

/**
 * Verifies `Authorization: Bearer <Firebase ID token>`. checkRevoked=true also looks the user up, so a revoked,
 * disabled or deleted user is refused — and, with the emulator (which issues unsigned tokens), a token naming a
 * user that does not exist is refused too. Project id (aud/iss), expiry and issue time are always checked.
 */
export async function verifyBearerToken(request: Request, context: RequestContext): Promise<VerifiedUser> {
  const header = request.headers.get('authorization') ?? '';
  const match = header.length <= MAX_TOKEN_CHARS ? bearerToken.exec(header) : null;
  if (!match?.[1]) {
    throw unauthorized(
      header ? 'malformed Authorization header' : 'missing Authorization: Bearer <ID token>',
    );
  }
  const config = serverConfig();
  try {
    const decoded = await withTimeout(
      'firebase_auth',
      config.FIREBASE_AUTH_TIMEOUT_MS,
      adminAuth().verifyIdToken(match[1], true),
    );
    return {
      uid: decoded.uid,
      email: typeof decoded.email === 'string' ? decoded.email : null,
      name: typeof decoded.name === 'string' ? decoded.name : null,
    };
  } catch (error) {
    if (error instanceof DependencyTimeoutError) throw error;
    const code = firebaseErrorCode(error);
    if (unavailableCodes.has(code)) {
      context.log.error({ err: error, code }, 'Firebase Auth unavailable');
      throw dependencyUnavailable('firebase_auth');
    }
    context.log.warn({ code, reason: (error as Error).message }, 'ID token refused');
    throw unauthorized(reasonFor(code));
  }
}

// firebase-admin errors carry `code` as "<service>/<reason>" (auth/..., app/...).
function firebaseErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

function reasonFor(code: string): string {
  switch (code) {
    case 'auth/id-token-expired':
      return 'the ID token has expired; refresh it and retry';
    case 'auth/id-token-revoked':
      return 'the ID token has been revoked; sign in again';
    case 'auth/user-disabled':
      return 'this account is disabled';
    default:
      return 'the ID token is not valid for this project';
  }
}
