import { startInterviewRequest, startInterviewResponse } from '@rehearse/api-contract';
import { jsonBodyLimits, serverConfig } from '@/lib/server/config.ts';
import { readOptionalJsonBody } from '@/lib/server/json-body.ts';
import { clientAddress, enforceLimit } from '@/lib/server/limits.ts';
import { contractResponse, handleRoute } from '@/lib/server/request-context.ts';
import { startInterview } from '@/lib/server/start-interview.ts';
import { verifyBearerToken } from '@/lib/server/verify-id-token.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/start-interview — verify the Firebase user, then create (or resume) their interview room and token. */
export const POST = handleRoute('start-interview', async (context, request) => {
  const config = serverConfig();
  const user = await verifyBearerToken(request, context);
  // Every authenticated start counts (a resume too: each mints a token and may dispatch an agent).
  await enforceLimit('start-interview:user', user.uid, config, context.log);
  await enforceLimit('start-interview:ip', clientAddress(request, config), config, context.log);
  await enforceLimit('start-interview:all', 'all', config, context.log);
  const body = await readOptionalJsonBody(request, startInterviewRequest, jsonBodyLimits(config));
  const started = await startInterview({
    user,
    targetRole: body.target_role,
    thinkingTime: body.thinking_time,
    config,
    log: context.log,
  });
  context.log.info(
    {
      uid: user.uid,
      room: started.room_name,
      interviewId: started.interview_id,
      resumed: started.resumed,
      thinkingTime: started.thinking_time,
    },
    'join token issued',
  );
  return contractResponse(context, startInterviewResponse, started);
});
