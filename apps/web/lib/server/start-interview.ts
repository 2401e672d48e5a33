import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobStatus, type ParticipantInfo, ParticipantInfo_Kind } from '@livekit/protocol';
import { type InterviewSession, UnfinishedSessionExistsError } from '@rehearse/db';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import type { Logger } from 'pino';
import type { StartBotResponse } from '../api-contract.ts';
import type { RoomSettings } from './agent-dispatch.ts';
import type { ServerConfig } from './config.ts';
import { db, dbCall } from './database.ts';
import { HttpError } from './http-error.ts';
import { expireStaleInterviews } from './interview-way-out.ts';
import {
  createRoomWithAgent,
  deleteRoom,
  dispatchAgent,
  listDispatches,
  listParticipants,
  roomIsAlive,
} from './livekit.ts';
import { mintJoinToken } from './livekit-token.ts';
import { newRoomName } from './room-name.ts';
import type { VerifiedUser } from './verify-id-token.ts';

const MAX_ATTEMPTS = 3;

interface StartInput {
  user: VerifiedUser;
  targetRole: string | undefined;
  config: ServerConfig;
  log: Logger;
}

/**
 * Steps 4-6 of the flow in docs/architecture.md. The agent is dispatched by the room's own configuration:
 * every room is created here with CreateRoom({ agents }) BEFORE the token is returned, so the dispatch exists
 * whatever the browser does (a token's roomConfig is ignored by livekit-server when the room already exists:
 * livekit/livekit#4390). The token carries the same roomConfig, which only matters if the room has closed
 * before the user joins.
 */
export async function startInterview(input: StartInput): Promise<StartBotResponse> {
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
        }),
      );
    } catch (error) {
      if (error instanceof UnfinishedSessionExistsError) continue;
      throw error;
    }
    const settings = settingsFor(interview, roomName, config);
    // If this fails the row stays pending with a room that never existed; the next call resumes it in a new room.
    await createRoomWithAgent(settings);
    log.info({ interviewId: interview.id, room: roomName }, 'interview room created with agent dispatch');
    return respond(settings, false);
  }
  throw new HttpError(409, 'concurrent_start', 'another start request for this user is in progress; retry');

  async function respond(room: RoomSettings, resumed: boolean): Promise<StartBotResponse> {
    const token = await mintJoinToken({ uid: user.uid, displayName, room, config });
    return {
      token,
      room_name: room.roomName,
      identity: user.uid,
      livekit_url: config.LIVEKIT_PUBLIC_URL,
      interview_id: room.metadata.interviewId,
      resumed,
    };
  }
}

function settingsFor(interview: InterviewSession, roomName: string, config: ServerConfig): RoomSettings {
  return {
    roomName,
    agentName: config.AGENT_NAME,
    metadata: { interviewId: interview.id, uid: interview.userId },
  };
}

/**
 * The room to rejoin for an unfinished interview: its own room while it lives (re-dispatching the agent only
 * if it left), else a new room recorded on the same row. Null when a concurrent request moved it first.
 */
async function resumeRoom(
  interview: InterviewSession,
  { config, log }: StartInput,
): Promise<RoomSettings | null> {
  const current = settingsFor(interview, interview.roomName, config);
  if (await roomIsAlive(interview.roomName)) {
    await ensureAgentInRoom(interview, current, await listParticipants(current.roomName), log);
    log.info({ interviewId: interview.id, room: interview.roomName }, 'resuming interview in its live room');
    return current;
  }

  const moved = settingsFor(interview, newRoomName(), config);
  await createRoomWithAgent(moved);
  const database = await db();
  const row = await dbCall(database.interviews.moveToRoom(interview.id, interview.roomName, moved.roomName));
  if (row?.roomName !== moved.roomName) {
    // Finished or moved by a concurrent request meanwhile: drop our room and read the interview again.
    await deleteRoom(moved.roomName).catch((error: unknown) =>
      log.warn(
        { err: error, room: moved.roomName },
        'could not delete the unused room; it expires by itself',
      ),
    );
    return null;
  }
  log.info(
    { interviewId: interview.id, from: interview.roomName, room: moved.roomName },
    'previous room is gone; interview resumes in a new room',
  );
  return moved;
}

/**
 * Noah left a live interview while the candidate is still in the room (his job process was killed, his
 * worker died): the open-source livekit-server never dispatches again by itself, so the webhook of his
 * departure does. True when a new agent was dispatched. A duplicate leaving, or an agent leaving a finished
 * interview or an empty room, changes nothing.
 */
export async function replaceDepartedAgent(
  interview: InterviewSession,
  config: ServerConfig,
  log: Logger,
): Promise<boolean> {
  if (interview.status !== 'pending' && interview.status !== 'active') return false;
  const room = settingsFor(interview, interview.roomName, config);
  const participants = await listParticipants(room.roomName);
  if (!participants.some((participant) => participant.identity === interview.userId)) return false;
  const dispatched = await ensureAgentInRoom(interview, room, participants, log);
  if (dispatched) watchReplacement(interview, room, log, REPLACEMENT_CHECKS);
  return dispatched;
}

/** How often, and how many times, a replacement agent's arrival is checked while the candidate waits. */
const REPLACEMENT_CHECK_INTERVAL_MS = 15_000;
const REPLACEMENT_CHECKS = 8;

/**
 * The replacement may never come: with the whole worker dead and restarting, no worker is registered and
 * livekit-server drops the dispatch. Check again (bounded) while the candidate is still in the room.
 */
function watchReplacement(interview: InterviewSession, room: RoomSettings, log: Logger, checksLeft: number) {
  if (checksLeft === 0) return;
  setTimeout(async () => {
    try {
      const participants = await listParticipants(room.roomName);
      if (!participants.some((participant) => participant.identity === interview.userId)) return;
      if (participants.some((participant) => participant.kind === ParticipantInfo_Kind.AGENT)) return;
      await ensureAgentInRoom(interview, room, participants, log);
    } catch (error) {
      log.warn({ err: error, room: room.roomName }, 'could not check on the replacement agent; retrying');
    }
    watchReplacement(interview, room, log, checksLeft - 1);
  }, REPLACEMENT_CHECK_INTERVAL_MS).unref();
}

/** A fresh dispatch may not have its job assigned yet: give livekit-server this long before trying again. */
const DISPATCH_ASSIGNMENT_GRACE_MS = 10_000;
const LIVE_JOB_STATUSES = new Set([JobStatus.JS_PENDING, JobStatus.JS_RUNNING]);

/**
 * A live room must have Noah in it. Dispatch again when no agent is there and no dispatch of ours is
 * still going to produce one: its job ended (the agent left, or its worker died), or it never got a job
 * (no worker was registered when the room was made: livekit-server drops such dispatches). A dispatch from
 * before the agent's recorded departure already had its agent, so a refresh while a replacement is still
 * arriving never adds a second one; the agent's lease and its check of the room's participants keep two
 * dispatches from ever giving two speaking agents. True when it dispatched.
 */
async function ensureAgentInRoom(
  interview: InterviewSession,
  room: RoomSettings,
  participants: ParticipantInfo[],
  log: Logger,
): Promise<boolean> {
  const agents = participants.filter((participant) => participant.kind === ParticipantInfo_Kind.AGENT);
  const leaving = agents.filter((agent) => agent.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS);
  if (agents.length > leaving.length) return false;
  // An agent that gave up on the model is on its way out (its shutdown writes what was said, then frees
  // the lease): a new one dispatched before it has gone would find the lease held and leave too.
  if (leaving.length > 0) await waitForDeparture(room.roomName, leaving, log);
  const departed = new Set(leaving.map((agent) => agent.identity));
  // A dispatch from before the agent's recorded departure already had its agent.
  const departedAtMs = interview.agentLeftAt?.getTime() ?? 0;
  const dispatches = (await listDispatches(room.roomName)).filter(
    (dispatch) =>
      dispatch.agentName === room.agentName && dispatchCreatedAtMs(dispatch.state?.createdAt) > departedAtMs,
  );
  const agentComing = dispatches.some((dispatch) => {
    const jobs = (dispatch.state?.jobs ?? []).filter(
      (job) => !departed.has(job.state?.participantIdentity ?? ''),
    );
    if (jobs.length === 0 && (dispatch.state?.jobs ?? []).length > 0) return false;
    if (jobs.some((job) => LIVE_JOB_STATUSES.has(job.state?.status ?? JobStatus.JS_PENDING))) return true;
    return (
      jobs.length === 0 &&
      Date.now() - dispatchCreatedAtMs(dispatch.state?.createdAt) < DISPATCH_ASSIGNMENT_GRACE_MS
    );
  });
  if (agentComing) return false;
  await dispatchAgent(room);
  log.warn(
    { interviewId: interview.id, room: room.roomName, agentLeftAt: interview.agentLeftAt },
    'no agent in the live room and none on its way; dispatched again',
  );
  return true;
}

/** How long an agent that lost the model gets to leave (its shutdown flush is bounded at 5 s). */
const DEPARTURE_WAIT_MS = 15_000;
const DEPARTURE_POLL_MS = 250;

/** Until every one of `agents` has left `roomName`; a 503 (try again) if they are still there after the wait. */
async function waitForDeparture(roomName: string, agents: ParticipantInfo[], log: Logger): Promise<void> {
  const identities = new Set(agents.map((agent) => agent.identity));
  const deadline = Date.now() + DEPARTURE_WAIT_MS;
  while (Date.now() < deadline) {
    const present = await listParticipants(roomName);
    if (!present.some((participant) => identities.has(participant.identity))) return;
    await sleep(DEPARTURE_POLL_MS);
  }
  log.warn({ room: roomName, agents: [...identities] }, 'an agent that lost the model has not left yet');
  throw new HttpError(503, 'agent_leaving', 'Noah is still leaving the call; try again shortly', {
    'Retry-After': '5',
  });
}

// livekit-server stamps dispatch creation in Unix nanoseconds.
function dispatchCreatedAtMs(createdAt: bigint | undefined): number {
  return createdAt === undefined ? 0 : Number(createdAt / 1_000_000n);
}
