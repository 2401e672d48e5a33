import { z } from 'zod';
import { jsonBodyLimits, serverConfig } from '@/lib/server/config.ts';
import { readOptionalJsonBody } from '@/lib/server/json-body.ts';
import { handleRoute, jsonResponse } from '@/lib/server/request-context.ts';
import { takeStartBotSlot } from '@/lib/server/start-bot-limiter.ts';
import { startInterview } from '@/lib/server/start-interview.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const startBotBody = z.strictObject({
  target_role: z.string().trim().min(1).max(100).optional(),
});

/** POST /api/start-bot — verify the Firebase user, then create (or resume) their interview room and token. */
export const POST = handleRoute('start-bot', async (context, request) => {
  const config = serverConfig();
  const user = await verifyBearerToken(request, context);
  takeStartBotSlot(user.uid, config);
  const body = await readOptionalJsonBody(request, startBotBody, jsonBodyLimits(config));
  const started = await startInterview({ user, targetRole: body.target_role, config, log: context.log });
  context.log.info(
    { uid: user.uid, room: started.room_name, interviewId: started.interview_id, resumed: started.resumed },
    'join token issued',
  );
  return jsonResponse(context, started);
});
