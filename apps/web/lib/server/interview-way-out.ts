import 'server-only';
import type { InterviewSession } from '@rehearse/db';
import { ServerError } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import { db, dbCall } from './database.ts';
import { deleteRoom } from './livekit.ts';

const HOUR_MS = 3_600_000;

/**
 * Expires the user's unfinished interviews created more than INTERVIEW_EXPIRY_HOURS ago (no cron: called
 * wherever the user's interviews are read), and closes their rooms.
 */
export async function expireStaleInterviews(userId: string, config: ServerConfig, log: Logger) {
  const database = await db();
  const now = new Date();
  const createdBefore = new Date(now.getTime() - config.INTERVIEW_EXPIRY_HOURS * HOUR_MS);
  const expired = await dbCall(database.interviews.expireUnfinished(userId, createdBefore, now));
  for (const interview of expired) {
    log.info(
      { interviewId: interview.id, room: interview.roomName, createdAt: interview.createdAt },
      'unfinished interview expired',
    );
    await closeInterviewRoom(interview, log);
  }
}

/**
 * Deleting the room disconnects everyone in it, so Noah stops at once. If LiveKit cannot be reached the
 * interview is still over: its agent lease was freed with it, so the agent leaves at its next renewal.
 */
export async function closeInterviewRoom(interview: InterviewSession, log: Logger) {
  if (interview.roomEndedAt) return;
  const context = { interviewId: interview.id, room: interview.roomName };
  try {
    await deleteRoom(interview.roomName);
    log.info(context, 'room of the ended interview deleted');
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof ServerError && cause.status === 404) return; // already gone
    log.warn({ ...context, err: error }, 'could not delete the room of the ended interview');
  }
}
