import 'server-only';
import type { StartInterviewResponse } from '@rehearse/api-contract';
import { type InterviewSession, UnfinishedSessionExistsError } from '@rehearse/db';
import type { ThinkingTime } from '@rehearse/interview';
import type { Logger } from 'pino';
import { type RoomSettings, roomSettingsFor } from './agent-dispatch.ts';
import { AWAIT_CANDIDATE, ensureAgentWithCandidate, watchRoom } from './agent-presence.ts';
import type { ServerConfig } from './config.ts';
import { db, dbCall } from './database.ts';
import { HttpError } from './http-error.ts';
import { expireStaleInterviews } from './interview-way-out.ts';
import { roomIsAlive } from './livekit.ts';
import { mintJoinToken } from './livekit-token.ts';
import { newRoomName } from './room-name.ts';
import type { VerifiedUser } from './verify-id-token.ts';

const MAX_ATTEMPTS = 3;

interface StartInput {
  user: VerifiedUser;
  targetRole: string | undefined;
  /** For a new interview; a resumed one keeps its own. */
  thinkingTime: ThinkingTime;
  config: ServerConfig;
  log: Logger;
}

/**
 * Steps 4-6 of the flow in docs/architecture.md. No room and no agent are made here: the join token carries
 * the room's configuration with Noah's dispatch, and livekit-server applies it when the candidate's join
 * creates the room. A start request alone (a bot, a closed tab) costs no agent and no model time. A live room
 * (the candidate refreshed, or Noah left) ignores a token's configuration (livekit/livekit#4390): Noah is then
 * dispatched once the candidate is in it (agent-presence.ts).
 */
export async function startInterview(input: StartInput): Promise<StartInterviewResponse> {
  const { user, config, log } = input;
  const database = await db();
  const profile = await dbCall(
    database.users.upsert({ uid: user.uid, email: user.email, displayName: user.name }),
  );
  const displayName = profile.displayName;
  await expireStaleInterviews(user.uid, config, log);

  // A concurrent request of the same user may create or move the interview between our reads: read again.
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const unfinished = await dbCall(database.interviews.findUnfinishedForUser(user.uid));
    if (unfinished) {
      const room = await resumeRoom(unfinished, input);
      if (room) return respond(room, true);
      continue;
    }

    const roomName = newRoomName();
    let interview: InterviewSession;
    try {
      interview = await dbCall(
        database.interviews.create({
          userId: user.uid,
          roomName,
          role: input.targetRole ?? profile.targetRole ?? null,
          thinkingTime: input.thinkingTime,
        }),
      );
    } catch (error) {
      if (error instanceof UnfinishedSessionExistsError) continue;
      throw error;
    }
    // LiveKit must answer before a token for it is handed out: a clear 503 now beats a call that cannot connect.
    await roomIsAlive(roomName);
    log.info(
      { interviewId: interview.id, room: roomName, thinkingTime: interview.thinkingTime },
      'interview created; its room opens when the candidate joins',
    );
    return respond(roomSettingsFor(interview, roomName, config), false);
  }
  throw new HttpError(409, 'concurrent_start', 'another start request for this user is in progress; retry');

  async function respond(room: RoomSettings, resumed: boolean): Promise<StartInterviewResponse> {
    const token = await mintJoinToken({ uid: user.uid, displayName, room, config });
    return {
      token,
      room_name: room.roomName,
      identity: user.uid,
      livekit_url: config.LIVEKIT_PUBLIC_URL,
      interview_id: room.metadata.interviewId,
      resumed,
      thinking_time: room.metadata.thinkingTime,
    };
  }
}

/**
 * The room to rejoin for an unfinished interview: its own room while it lives (Noah sent again only once the
 * candidate is back in it, if he left), else a new room recorded on the same row, which the candidate's join
 * creates. Null when a concurrent request moved it first.
 */
async function resumeRoom(
  interview: InterviewSession,
  { config, log }: StartInput,
): Promise<RoomSettings | null> {
  const current = roomSettingsFor(interview, interview.roomName, config);
  if (await roomIsAlive(interview.roomName)) {
    // Still in the room (a second tab, or Resume before the page left it): Noah now. Otherwise on their join.
    const presence = await ensureAgentWithCandidate(interview, current, log);
    if (presence === 'no_candidate') watchRoom(interview, current, log, AWAIT_CANDIDATE);
    log.info({ interviewId: interview.id, room: interview.roomName }, 'resuming interview in its live room');
    return current;
  }

  const moved = roomSettingsFor(interview, newRoomName(), config);
  const database = await db();
  const row = await dbCall(database.interviews.moveToRoom(interview.id, interview.roomName, moved.roomName));
  // Finished or moved by a concurrent request meanwhile: read the interview again.
  if (row?.roomName !== moved.roomName) return null;
  log.info(
    { interviewId: interview.id, from: interview.roomName, room: moved.roomName },
    'previous room is gone; interview resumes in a new room',
  );
  return moved;
}
