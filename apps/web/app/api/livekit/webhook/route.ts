import { webhookResponse } from '@rehearse/api-contract';
import { serverConfig } from '@/lib/server/config.ts';
import { receiveWebhook, recordWebhookEvent } from '@/lib/server/livekit-webhook.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/livekit/webhook — signed room/participant events from livekit-server. */
export const POST = handleRoute('livekit-webhook', async (context, request) => {
  const config = serverConfig();
  const event = await receiveWebhook(request, config);
  const outcome = await recordWebhookEvent(event, config, context.log);
  return contractResponse(context, webhookResponse, { ok: true, event: event.event, outcome });
});
