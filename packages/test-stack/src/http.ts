import { API_PATHS } from '@rehearse/api-contract';
import type { output, ZodMiniType } from 'zod/mini';

/** POST /api/start-interview with an optional bearer token and body. */
export function postStartInterview(
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
  return fetch(`${baseUrl}${API_PATHS.startInterview}`, {
    method: 'POST',
    headers,
    body: options.body,
    signal: AbortSignal.timeout(30_000),
  });
}

/** The body of a 2xx answer, checked against the API contract: a test fails on any answer off the contract. */
export async function readContract<Schema extends ZodMiniType>(
  response: Response,
  schema: Schema,
): Promise<output<Schema>> {
  return schema.parse(await response.json());
}

export function getJson(baseUrl: string, path: string, idToken?: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    headers: idToken ? { authorization: `Bearer ${idToken}` } : {},
    signal: AbortSignal.timeout(30_000),
  });
}
