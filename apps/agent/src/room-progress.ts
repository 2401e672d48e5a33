import type { Room } from '@livekit/rtc-node';
import { type InterviewState, progressAttributes } from '@rehearse/interview';

/** Publishes where the interview stands as the agent's participant attributes (the page shows "question n of m"). */
export async function publishProgress(
  room: Room,
  state: InterviewState,
  interviewId: string | undefined,
): Promise<void> {
  await room.localParticipant?.setAttributes(progressAttributes(state, interviewId));
}
