// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
/**
 * LiveKit webhook events already applied, by their own id: a redelivered or replayed event is recognised
 * and ignored. Kept a day (pruned as new events arrive); LiveKit redelivers within minutes.
 */
export const webhookEvents = /* sql */ `
CREATE TABLE webhook_events (
  event_id text PRIMARY KEY,
  event text NOT NULL,
  room_name text,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_received_at ON webhook_events (received_at);
`;
