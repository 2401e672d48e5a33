import type { IncomingMessage } from 'node:http';
import type { ApiSurface } from './session-record.ts';

export interface Route {
  api: ApiSurface;
  apiVersion: string;
  path: string;
  /** API key (Gemini API) or bearer token (Vertex AI); undefined when none was sent. */
  credential: string | undefined;
}

// The SDK joins its base URL and `/ws/...` with a double slash; any prefix before `/ws/` is allowed.
const geminiPath =
  /\/ws\/google\.ai\.generativelanguage\.(v1alpha|v1beta|v1)\.GenerativeService\.(BidiGenerateContent|BidiGenerateContentConstrained)$/;
const vertexPath = /\/ws\/google\.cloud\.aiplatform\.(v1beta1|v1)\.LlmBidiService\/BidiGenerateContent$/;

/** Maps an upgrade request onto one of the two Live API endpoints, or undefined for any other path. */
export function routeUpgrade(request: IncomingMessage): Route | undefined {
  const target = request.url ?? '/';
  // Parse with leading slashes collapsed: `//ws/...` would otherwise read as a host name.
  const url = new URL(target.replace(/^\/+/, '/'), 'http://emulator');
  const path = target.split('?')[0] ?? target;
  const gemini = geminiPath.exec(url.pathname);
  if (gemini?.[1]) {
    const headerKey = request.headers['x-goog-api-key'];
    const credential =
      url.searchParams.get('key') ??
      url.searchParams.get('access_token') ??
      (typeof headerKey === 'string' ? headerKey : undefined);
    return { api: 'gemini', apiVersion: gemini[1], path, credential: credential || undefined };
  }
  const vertex = vertexPath.exec(url.pathname);
  if (vertex?.[1]) {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return { api: 'vertex', apiVersion: vertex[1], path, credential: bearer };
  }
  return undefined;
}

export function isCredentialAccepted(
  credential: string | undefined,
  accepted: readonly string[] | undefined,
): boolean {
  if (!credential) return false;
  return accepted === undefined || accepted.includes(credential);
}
