import { createClient } from 'redis';

/** livekit-server's hash of room name → id of the node hosting the room (its pkg/routing/redisrouter.go). */
const ROOM_NODE_MAP = 'room_node_map';

/**
 * Which node hosts each live room, as the cluster's own routing records it in the Redis its nodes share: the
 * node a room was placed on when it was made, whichever node the participant's signal connection reached.
 */
export async function roomNodeMap(redisUrl: string, timeoutMs = 5_000): Promise<Map<string, string>> {
  const client = createClient({
    url: redisUrl,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
  client.on('error', () => {}); // the command below rejects instead
  try {
    await client.connect();
    const rooms = await client.withAbortSignal(AbortSignal.timeout(timeoutMs)).hGetAll(ROOM_NODE_MAP);
    return new Map(Object.entries(rooms));
  } finally {
    client.destroy();
  }
}
