import { RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';

/** What the agent's job receives as `job.metadata` (JSON): which interview to run, for whom. */
export interface DispatchMetadata {
  interviewId: string;
  uid: string;
}

export interface RoomSettings {
  roomName: string;
  agentName: string;
  metadata: DispatchMetadata;
}

/** Nobody joined within this long after creation: the room closes (and the dispatched agent leaves). */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 120;
/** Long enough for a refreshed tab or a dropped network to rejoin the same room. */
export const ROOM_DEPARTURE_TIMEOUT_SECONDS = 60;
/** One candidate. Agents are "dependent" participants in livekit-server and do not count toward this limit. */
export const ROOM_MAX_PARTICIPANTS = 1;

export function agentDispatch({ agentName, metadata }: RoomSettings): RoomAgentDispatch {
  return new RoomAgentDispatch({ agentName, metadata: JSON.stringify(metadata) });
}

/** The same settings whether the room is made by CreateRoom or by the token's first join. */
export function roomConfiguration(settings: RoomSettings): RoomConfiguration {
  return new RoomConfiguration({
    name: settings.roomName,
    emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS,
    departureTimeout: ROOM_DEPARTURE_TIMEOUT_SECONDS,
    maxParticipants: ROOM_MAX_PARTICIPANTS,
    agents: [agentDispatch(settings)],
  });
}
