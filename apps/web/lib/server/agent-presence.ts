import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobStatus, type ParticipantInfo, ParticipantInfo_Kind } from '@livekit/protocol';
import type { InterviewSession } from '@rehearse/db';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import type { Logger } from 'pino';
import { type RoomSettings, roomSettingsFor } from './agent-dispatch.ts';
import type { ServerConfig } from './config.ts';
import { HttpError } from './http-error.ts';
import { dispatchAgent, listDispatches, listParticipants } from './livekit.ts';

/**
 * Exactly one Noah with the candidate, never zero, and none without them: an agent is dispatched only into a
 * room its candidate is in (a start request alone costs no agent and no model time).
 */

const isAgent = (participant: ParticipantInfo) => participant.kind === ParticipantInfo_Kind.AGENT;
const isModelLost = (participant: ParticipantInfo) =>
  participant.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS;

/**
 * Where Noah stands with the candidate: the candidate is not in the room (nothing is dispatched for an empty
 * room), Noah is with them, a dispatch of ours is on its way, or one was just made.
 */
export type AgentPresence = 'no_candidate' | 'with_candidate' | 'on_the_way' | 'dispatched';

const checking = new Map<string, Promise<AgentPresence>>();

/**
 * Makes sure Noah is with the candidate if the candidate is in their live room. Concurrent checks of one
 * room in this process share one answer, so a start, a webhook and a watch never dispatch twice together.
 */
export function ensureAgentWithCandidate(
  interview: InterviewSession,
  room: RoomSettings,
  log: Logger,
): Promise<AgentPresence> {
  const running = checking.get(room.roomName);
  if (running) return running;
  const check = (async (): Promise<AgentPresence> => {
    const participants = await listParticipants(room.roomName);
    if (!participants.some((participant) => participant.identity === interview.userId)) return 'no_candidate';
    return ensureAgentInRoom(interview, room, participants, log);
  })().finally(() => checking.delete(room.roomName));
  checking.set(room.roomName, check);
  return check;
}

/** How often, and how long, a room is watched for its candidate and their agent. */
export interface WatchSchedule {
  intervalMs: number;
  checks: number;
}
/** After a start that found no agent in the live room: the candidate's join follows within seconds. */
export const AWAIT_CANDIDATE: WatchSchedule = { intervalMs: 1_000, checks: 60 };
/**
 * After a replacement was dispatched: it may never come (with the whole worker dead and restarting no worker
 * is registered, and livekit-server drops the dispatch), so check again while the candidate waits.
 */
export const AWAIT_REPLACEMENT: WatchSchedule = { intervalMs: 15_000, checks: 8 };

const watched = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Watches the room (bounded, in the background) until Noah is there with the candidate, dispatching him
 * when the candidate is in the room without him. One watch per room per process: a new one replaces it.
 */
export function watchRoom(
  interview: InterviewSession,
  room: RoomSettings,
  log: Logger,
  schedule: WatchSchedule,
) {
  clearTimeout(watched.get(room.roomName));
  const check = async (checksLeft: number) => {
    watched.delete(room.roomName);
    let presence: AgentPresence | undefined;
    try {
      presence = await ensureAgentWithCandidate(interview, room, log);
    } catch (error) {
      log.warn({ err: error, room: room.roomName }, 'could not check the room for its agent; checking again');
    }
    if (presence === 'with_candidate' || checksLeft <= 1 || watched.has(room.roomName)) return;
    watched.set(room.roomName, setTimeout(() => check(checksLeft - 1), schedule.intervalMs).unref());
  };
  watched.set(room.roomName, setTimeout(() => check(schedule.checks), 0).unref());
}

/** A fresh dispatch may not have its job assigned yet: give livekit-server this long before trying again. */
const DISPATCH_ASSIGNMENT_GRACE_MS = 10_000;
const LIVE_JOB_STATUSES = new Set([JobStatus.JS_PENDING, JobStatus.JS_RUNNING]);

/**
 * A live room with its candidate in it must have Noah in it. Dispatch when no agent is there and no dispatch
 * of ours is still going to produce one: its job ended (the agent left, or its worker died), or it never got
 * a job (no worker was registered when the room was made: livekit-server drops such dispatches). A dispatch
 * from before the agent's recorded departure already had its agent, so a refresh while a replacement is
 * still arriving never adds a second one; the agent's lease and its check of the room's participants keep
 * two dispatches from ever giving two speaking agents.
 */
async function ensureAgentInRoom(
  interview: InterviewSession,
  room: RoomSettings,
  participants: ParticipantInfo[],
  log: Logger,
): Promise<Exclude<AgentPresence, 'no_candidate'>> {
  const agents = participants.filter(isAgent);
  const leaving = agents.filter(isModelLost);
  if (agents.length > leaving.length) return 'with_candidate';
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
  if (agentComing) return 'on_the_way';
  await dispatchAgent(room);
  log.warn(
    { interviewId: interview.id, room: room.roomName, agentLeftAt: interview.agentLeftAt },
    'the candidate is in the room without Noah and none is on his way; dispatched',
  );
  return 'dispatched';
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
  if (!isUnfinished(interview)) return false;
  const room = roomSettingsFor(interview, interview.roomName, config);
  const dispatched = (await ensureAgentWithCandidate(interview, room, log)) === 'dispatched';
  if (dispatched) watchRoom(interview, room, log, AWAIT_REPLACEMENT);
  return dispatched;
}

/**
 * The candidate joined their interview's room: Noah follows, by the room's own dispatch or a new one. Checked
 * in the background (the webhook answers at once); the start request's own watch is the second trigger.
 */
export function meetCandidate(interview: InterviewSession, config: ServerConfig, log: Logger): boolean {
  if (!isUnfinished(interview)) return false;
  const room = roomSettingsFor(interview, interview.roomName, config);
  ensureAgentWithCandidate(interview, room, log).catch((error: unknown) =>
    log.warn(
      { err: error, room: room.roomName },
      'could not check the room for its agent after the candidate joined',
    ),
  );
  return true;
}

function isUnfinished(interview: InterviewSession): boolean {
  return interview.status === 'pending' || interview.status === 'active';
}
