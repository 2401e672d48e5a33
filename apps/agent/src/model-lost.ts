import type { JobContext } from '@livekit/agents';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import { waitForCandidate } from './candidate.ts';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

const SET_ATTRIBUTE_TIMEOUT_MS = 5_000;

/**
 * Gemini Live cannot be reached, so Noah cannot say so himself: the page says it from the agent's
 * status attribute (with a Resume button), then the job ends. Its shutdown writes everything said and
 * frees the room, so the next start gets a new agent that resumes at the same question.
 */
export async function endForLostModel(
  ctx: JobContext,
  reason: string,
  log: Logger,
  candidateWaitMs: number,
): Promise<void> {
  log.error({ reason }, 'Gemini Live is unreachable; telling the candidate and ending the session');
  try {
    await withTimeout(
      ctx.room.localParticipant?.setAttributes({ [AGENT_STATUS_ATTRIBUTE]: MODEL_LOST_STATUS }) ??
        Promise.resolve(),
      SET_ATTRIBUTE_TIMEOUT_MS,
      'publishing the lost model status',
    );
  } catch (error) {
    log.warn({ err: String(error) }, 'could not tell the candidate the model was lost');
  }
  // A candidate still on the way in would find an empty room: stay (bounded) until they can read it.
  if (ctx.room.remoteParticipants.size === 0) await waitForCandidate(ctx, candidateWaitMs);
  ctx.shutdown(`model unavailable: ${reason}`);
}
