import type { voice } from '@livekit/agents';
import { type Room, RoomEvent } from '@livekit/rtc-node';
import { progressOf, resumeInstruction } from '@rehearse/interview';
import type { InterviewData } from './interview-data.ts';

/** Why Noah picks an interview up again. */
export type ResumeReason =
  /** The job found saved progress (a refresh, a new room, a replacement after a crash). */
  | 'saved progress'
  /** The same candidate joined this room again (refreshed tab, dropped network). */
  | 'candidate rejoined'
  /** The database was away at the start and its saved interview replaced the fresh start. */
  | 'saved progress read late';

/**
 * The one place Noah resumes: a short welcome back and the current question, never a new start.
 * The speech handle is returned (an opening resume is also the greeting the tools wait for).
 */
export function resumeInterview(
  session: voice.AgentSession<InterviewData>,
  reason: ResumeReason,
): voice.SpeechHandle {
  const interview = session.userData;
  interview.log.info({ reason, ...progressOf(interview.state) }, 'resuming the interview');
  return session.generateReply({ instructions: resumeInstruction(interview.state) });
}

/** A refreshed tab or a dropped network: the same uid joins again and Noah picks up where they were. */
export function resumeWhenCandidateRejoins(
  room: Room,
  candidateIdentity: string,
  session: voice.AgentSession<InterviewData>,
): void {
  let away = false;
  room.on(RoomEvent.ParticipantDisconnected, (participant) => {
    if (participant.identity === candidateIdentity) away = true;
  });
  room.on(RoomEvent.ParticipantConnected, (participant) => {
    if (participant.identity !== candidateIdentity || !away) return;
    away = false;
    // Said in full: the rejoined microphone's first sounds must not cut the welcome back off.
    session.userData.greeting.hearNothingUntilDone(resumeInterview(session, 'candidate rejoined'));
  });
}
