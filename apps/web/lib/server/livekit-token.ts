import 'server-only';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import { type RoomSettings, roomConfiguration } from './agent-dispatch.ts';
import type { ServerConfig } from './config.ts';

export interface JoinTokenInput {
  uid: string;
  displayName: string | null;
  room: RoomSettings;
  config: ServerConfig;
}

/**
 * A short-lived token for ONE room: identity = the verified Firebase uid; may publish only its microphone,
 * subscribe, send data (for "I'm done", below); no admin, create, list, record or agent rights. Its roomConfig carries the room's settings
 * and Noah's dispatch, which livekit-server applies when this join creates the room (start-interview.ts).
 */
export function mintJoinToken({ uid, displayName, room, config }: JoinTokenInput): Promise<string> {
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity: uid,
    ttl: config.TOKEN_TTL_SECONDS,
    ...(displayName ? { name: displayName } : {}),
    metadata: JSON.stringify({ interviewId: room.metadata.interviewId }),
  });
  token.addGrant({
    roomJoin: true,
    room: room.roomName,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    // Data, for one thing: the "I'm done" RPC to the agent (livekit-server drops every data packet, RPC
    // included, from a participant without it). Typed text still cannot steer Noah: the agent takes no text
    // input (textEnabled: false) and answers only its own RPC method, from the candidate, with a checked
    // payload (apps/agent/src/done-speaking.ts; e2e/agent/guards.test.ts, e2e/agent/turn-taking.test.ts).
    canPublishData: true,
  });
  token.roomConfig = roomConfiguration(room);
  return token.toJwt();
}
