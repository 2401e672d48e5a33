import * as z from 'zod/mini';

/** `GET /api/health` → 200; `?deep=1` has also queried the database. */
export const healthResponse = z.object({ ok: z.literal(true), database: z.optional(z.literal('ok')) });
export type HealthResponse = z.infer<typeof healthResponse>;

/** `POST /api/livekit/webhook` → 200: which event was received and what it changed (for livekit-server's logs). */
export const webhookResponse = z.object({ ok: z.literal(true), event: z.string(), outcome: z.string() });
export type WebhookResponse = z.infer<typeof webhookResponse>;
