import type { JobContext } from '@livekit/agents';
import type { RemoteParticipant } from '@livekit/rtc-node';
import { withTimeout } from './with-timeout.ts';

/**
 * The candidate: the first non-agent participant. Its identity is the Firebase uid the token factory
 * verified. Null after `timeoutMs` — the caller ends the job cleanly instead of waiting forever.
 */
export async function waitForCandidate(
  ctx: JobContext,
  timeoutMs: number,
): Promise<RemoteParticipant | null> {
  try {
    return await withTimeout(ctx.waitForParticipant(), timeoutMs, 'waiting for the candidate');
  } catch {
    return null;
  }
}
