import type { JobContext } from '@livekit/agents';
import { type RemoteParticipant, type Room, RoomEvent } from '@livekit/rtc-node';
import { DEFAULT_THINKING_TIME, THINKING_TIMES } from '@rehearse/interview';
import { z } from 'zod';
import { withTimeout } from './with-timeout.ts';

/** What the web app puts on every dispatch (apps/web/lib/server/agent-dispatch.ts: DispatchMetadata). */
const dispatchMetadata = z.object({
  interviewId: z.uuid(),
  uid: z.string().min(1),
  // A dispatch from a web app older than migration 008 has none: the default, as the stored row has.
  thinkingTime: z.enum(THINKING_TIMES).catch(DEFAULT_THINKING_TIME),
});
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

/**
 * Calls `onGone` once the candidate has been away from `room` for `graceMs` (tab closed, network gone for
 * good), so the job does not hold its process and model session until LiveKit closes the room. A refresh or a
 * reconnect within the grace finds Noah still here (resume.ts); a later one gets a new agent that resumes.
 */
export function whenCandidateGone(room: Room, identity: string, graceMs: number, onGone: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const away = () => {
    clearTimeout(timer);
    timer = setTimeout(onGone, graceMs);
  };
  room.on(RoomEvent.ParticipantDisconnected, (participant) => {
    if (participant.identity === identity) away();
  });
  room.on(RoomEvent.ParticipantConnected, (participant) => {
    if (participant.identity === identity) clearTimeout(timer);
  });
  if (!room.remoteParticipants.has(identity)) away(); // left before this was listening
}
