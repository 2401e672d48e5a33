import type { InterviewSession } from '@rehearse/db';
import type { ThinkingTime } from '@rehearse/interview';
import { RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';
import type { ServerConfig } from './config.ts';

/**
 * What the agent's job receives as `job.metadata` (JSON): which interview to run, for whom, and how long to
 * let the candidate think (the model's turn detection is set up before the interview row is read).
 */
export interface DispatchMetadata {
  interviewId: string;
  uid: string;
  thinkingTime: ThinkingTime;
}

export interface RoomSettings {
  roomName: string;
  agentName: string;
  metadata: DispatchMetadata;
}

/** The room (and its agent's dispatch) of `interview`, under `roomName`. */
export function roomSettingsFor(
  interview: InterviewSession,
  roomName: string,
  config: ServerConfig,
): RoomSettings {
  return {
    roomName,
    agentName: config.AGENT_NAME,
    metadata: { interviewId: interview.id, uid: interview.userId, thinkingTime: interview.thinkingTime },
  };
}

/** Nobody joined within this long after creation: the room closes (and the dispatched agent leaves). */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 120;
/** Long enough for a refreshed tab or a dropped network to rejoin the same room. */
export const ROOM_DEPARTURE_TIMEOUT_SECONDS = 60;
/** One candidate. Agents are "dependent" participants in livekit-server and do not count toward this limit. */
export const ROOM_MAX_PARTICIPANTS = 1;

function agentDispatch({ agentName, metadata }: RoomSettings): RoomAgentDispatch {
  return new RoomAgentDispatch({ agentName, metadata: JSON.stringify(metadata) });
}

/**
 * The room as the candidate's first join creates it (the join token carries it): livekit-server applies it
 * only when that join creates the room, so the agent's dispatch exists exactly when the candidate is there.
 */
export function roomConfiguration(settings: RoomSettings): RoomConfiguration {
  return new RoomConfiguration({
    name: settings.roomName,
    emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS,
    departureTimeout: ROOM_DEPARTURE_TIMEOUT_SECONDS,
    maxParticipants: ROOM_MAX_PARTICIPANTS,
    agents: [agentDispatch(settings)],
  });
}
