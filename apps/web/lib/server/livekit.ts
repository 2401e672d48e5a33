import 'server-only';
import {
  type AgentDispatch,
  AgentDispatchClient,
  type ParticipantInfo,
  RoomServiceClient,
} from 'livekit-server-sdk';
import type { RoomSettings } from './agent-dispatch.ts';
import { type ServerConfig, serverConfig } from './config.ts';
import { dependencyUnavailable } from './http-error.ts';
import { withTimeout } from './timeout.ts';

let clients: { rooms: RoomServiceClient; dispatch: AgentDispatchClient } | undefined;

function livekitClients(config: ServerConfig) {
  if (clients) return clients;
  const options = { requestTimeout: Math.ceil(config.LIVEKIT_API_TIMEOUT_MS / 1000), failover: false };
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = config;
  clients = {
    rooms: new RoomServiceClient(url, key, secret, options),
    dispatch: new AgentDispatchClient(url, key, secret, options),
  };
  return clients;
}

/** Every LiveKit server API call: bounded by LIVEKIT_API_TIMEOUT_MS, any failure becomes a 503. */
async function call<T>(work: (api: ReturnType<typeof livekitClients>) => Promise<T>): Promise<T> {
  const config = serverConfig();
  try {
    return await withTimeout('livekit', config.LIVEKIT_API_TIMEOUT_MS, work(livekitClients(config)));
  } catch (error) {
    throw dependencyUnavailable('livekit', error);
  }
}

export async function roomIsAlive(roomName: string): Promise<boolean> {
  const rooms = await call((api) => api.rooms.listRooms([roomName]));
  return rooms.some((room) => room.name === roomName);
}

export function listParticipants(roomName: string): Promise<ParticipantInfo[]> {
  return call((api) => api.rooms.listParticipants(roomName));
}

export function listDispatches(roomName: string): Promise<AgentDispatch[]> {
  return call((api) => api.dispatch.listDispatch(roomName));
}

export function dispatchAgent(settings: RoomSettings): Promise<AgentDispatch> {
  return call((api) =>
    api.dispatch.createDispatch(settings.roomName, settings.agentName, {
      metadata: JSON.stringify(settings.metadata),
    }),
  );
}

export function deleteRoom(roomName: string): Promise<void> {
  return call((api) => api.rooms.deleteRoom(roomName));
}
