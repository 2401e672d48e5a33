/** POST /api/start-bot with an optional bearer token and body. */
export function postStartBot(
  baseUrl: string,
  options: {
    idToken?: string;
    authorization?: string;
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const authorization = options.authorization ?? (options.idToken ? `Bearer ${options.idToken}` : undefined);
  if (authorization) headers.authorization = authorization;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  return fetch(`${baseUrl}/api/start-bot`, {
    method: 'POST',
    headers,
    body: options.body,
    signal: AbortSignal.timeout(30_000),
  });
}

export type { StartBotResponse as StartBotBody } from '@rehearse/web/api-contract';

export function getJson(baseUrl: string, path: string, idToken?: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    headers: idToken ? { authorization: `Bearer ${idToken}` } : {},
    signal: AbortSignal.timeout(30_000),
  });
}
