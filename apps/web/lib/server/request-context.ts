import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ApiErrorBody } from '@rehearse/api-contract';
import { DatabaseUnavailableError } from '@rehearse/db';
import type { Logger } from 'pino';
import type { output, ZodMiniType } from 'zod/mini';
import { dependencyUnavailable, HttpError } from './http-error.ts';
import { logger } from './logger.ts';
import { DependencyTimeoutError } from './timeout.ts';

export interface RequestContext {
  requestId: string;
  log: Logger;
}

// A caller-supplied id is kept only if it is short and plain, so it cannot inject anything into logs.
const safeRequestId = /^[A-Za-z0-9._-]{8,64}$/;

export function createRequestContext(request: Request, route: string): RequestContext {
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming && safeRequestId.test(incoming) ? incoming : randomUUID();
  return { requestId, log: logger.child({ requestId, route, method: request.method }) };
}

/**
 * Every answer is JSON, never cached, and names its request id. `no-transform` also keeps Next from gzipping
 * it: the answers are small and mostly a signed token, so compressing them cost ~1.8 ms of CPU per request
 * (server and client) for nearly no bytes saved (bench/start-interview.bench.ts).
 */
export function jsonResponse(
  context: RequestContext,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return Response.json(body, {
    status,
    headers: { 'Cache-Control': 'no-store, no-transform', 'x-request-id': context.requestId, ...headers },
  });
}

/** A success answer, checked against its contract schema: an answer off the contract is our bug, a 500. */
export function contractResponse<Schema extends ZodMiniType>(
  context: RequestContext,
  schema: Schema,
  body: output<Schema>,
): Response {
  return jsonResponse(context, schema.parse(body));
}

/** Turns any failure into a clear JSON answer, logged once with the request id. */
export function errorResponse(context: RequestContext, error: unknown): Response {
  const httpError = toHttpError(error);
  const level = httpError.status >= 500 ? 'error' : 'warn';
  context.log[level](
    { status: httpError.status, code: httpError.code, err: error instanceof HttpError ? error.cause : error },
    httpError.message,
  );
  return jsonResponse(
    context,
    {
      error: httpError.code,
      message: httpError.message,
      request_id: context.requestId,
    } satisfies ApiErrorBody,
    httpError.status,
    httpError.headers,
  );
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DatabaseUnavailableError) return dependencyUnavailable('database');
  if (error instanceof DependencyTimeoutError) return dependencyUnavailable(error.dependency);
  if (error instanceof Error && error.message.startsWith('config error')) {
    return new HttpError(503, 'server_misconfigured', 'the server is misconfigured; see its logs');
  }
  return new HttpError(500, 'internal_error', 'unexpected server error; see the logs for this request id');
}

/** Wraps a route handler: request id, child logger, and no failure escapes as an unhandled error. */
export function handleRoute<Args extends unknown[]>(
  route: string,
  handler: (context: RequestContext, request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    const context = createRequestContext(request, route);
    try {
      const response = await handler(context, request, ...args);
      context.log.info({ status: response.status }, 'request handled');
      return response;
    } catch (error) {
      return errorResponse(context, error);
    }
  };
}
