import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { type BodyLimits, readBodyWithin } from './bounded-body.ts';
import { HttpError } from './http-error.ts';

// The contract's schemas are zod/mini, which carries no messages until a locale is set: say why in English.
z.config(en());

/**
 * Reads an optional JSON body: none at all parses as `{}`; otherwise it must be application/json, within
 * `limits` (size and time, while it streams), valid JSON, and match `schema`.
 */
export async function readOptionalJsonBody<Schema extends z.ZodMiniType>(
  request: Request,
  schema: Schema,
  limits: BodyLimits,
): Promise<z.output<Schema>> {
  const text = (await readBodyWithin(request, limits)).toString('utf8');
  if (text.trim() === '') return parseWith(schema, {});

  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, 'unsupported_media_type', 'the request body must be application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  return parseWith(schema, value);
}

function parseWith<Schema extends z.ZodMiniType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  );
  throw new HttpError(400, 'invalid_body', `invalid request body: ${problems.join('; ')}`);
}
