import * as z from 'zod/mini';

/** Every 4xx and 5xx answer: a stable code, a sentence for people, and the id to find it in the logs. */
export const apiErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  request_id: z.string(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
