import type { JobContext } from '@livekit/agents';
import type { RemoteParticipant } from '@livekit/rtc-node';
import { z } from 'zod';
import { withTimeout } from './with-timeout.ts';

/** What the web app puts on every dispatch (apps/web/lib/server/agent-dispatch.ts: DispatchMetadata). */
const dispatchMetadata = z.object({ interviewId: z.uuid(), uid: z.string().min(1) });
export type DispatchedInterview = z.infer<typeof dispatchMetadata>;

/**
 * The interview and candidate this job was dispatched for, from the dispatch metadata: no lookup by
 * room name, so a resumed interview's new room works before its row points at it. Null for a dispatch
 * without it (a manual dispatch): the job then runs without a lease and persists nothing.
 */
export function dispatchedInterview(ctx: JobContext): DispatchedInterview | null {
  try {
    const parsed = dispatchMetadata.safeParse(JSON.parse(ctx.job.metadata || 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The candidate: the dispatched uid when the dispatch names one, else the first non-agent participant.
 * Its identity is the Firebase uid the token factory verified. Null after `timeoutMs` — the caller ends
 * the job cleanly instead of waiting forever.
 */
export async function waitForCandidate(
  ctx: JobContext,
  timeoutMs: number,
  uid?: string,
): Promise<RemoteParticipant | null> {
  try {
    return await withTimeout(ctx.waitForParticipant(uid), timeoutMs, 'waiting for the candidate');
  } catch {
    return null;
  }
}
