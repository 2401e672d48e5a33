import { z } from 'zod';
import { execute, type Queryable, queryRows } from './query.ts';

const webhookEventInput = z.object({
  id: z.string().min(1).max(200),
  event: z.string().min(1).max(100),
  roomName: z.string().max(200).nullable(),
  createdAt: z.date(),
});

export type WebhookEventInput = z.input<typeof webhookEventInput>;

/** How long an applied event's id is remembered (LiveKit redelivers within minutes). */
const REMEMBER_FOR = '24 hours';

/** LiveKit webhook events already applied: each is applied once, however often it is delivered. */
export interface WebhookEventsRepository {
  /** True the first time an event id is seen; false for a redelivery or a replay. */
  recordFirstDelivery(input: WebhookEventInput): Promise<boolean>;
  /** Applying the event failed: its next delivery is applied again. */
  forget(id: string): Promise<void>;
}

export function createWebhookEventsRepository(db: Queryable): WebhookEventsRepository {
  return {
    async recordFirstDelivery(input) {
      const event = webhookEventInput.parse(input);
      const rows = await queryRows(
        db,
        z.object({ event_id: z.string() }),
        `WITH pruned AS (DELETE FROM webhook_events WHERE received_at < now() - interval '${REMEMBER_FOR}')
         INSERT INTO webhook_events (event_id, event, room_name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.event, event.roomName, event.createdAt],
      );
      return rows.length === 1;
    },

    async forget(id) {
      await execute(db, 'DELETE FROM webhook_events WHERE event_id = $1', [z.string().min(1).parse(id)]);
    },
  };
}
