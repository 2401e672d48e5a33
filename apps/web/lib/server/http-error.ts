/** An error that maps to one HTTP answer; `code` is stable for clients, `message` is for humans. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const unauthorized = (message = 'a valid Firebase ID token is required') =>
  new HttpError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });

export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);

export const dependencyUnavailable = (dependency: string, cause?: unknown) =>
  new HttpError(
    503,
    `${dependency}_unavailable`,
    `${dependency} is unavailable; try again shortly`,
    { 'Retry-After': '5' },
    { cause },
  );
