import { freePort, startLivekitServer } from '@rehearse/local-stack';
import { AccessToken, RoomServiceClient, ServerError } from 'livekit-server-sdk';

export const TEST_API_KEY = 'e2e-key';
export const TEST_API_SECRET = 'e2e-secret-for-tests-only-0123456789abcdef';

export type TestLivekit = Awaited<ReturnType<typeof startTestLivekit>>;

export async function startTestLivekit(
  options: {
    webhookUrl?: string;
    /** One node of a cluster sharing this Redis (host:port), as `startLivekitServer` configures it. */
    clusterRedisAddress?: string;
    /** The name its log lines carry with E2E_VERBOSE (`livekit-2` for a second node). */
    logName?: string;
  } = {},
) {
  const ports = { signal: await freePort(), iceTcp: await freePort(), iceUdp: await freePort() };
  let nodeId: string | undefined;
  const server = await startLivekitServer({
    ports,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    webhookUrl: options.webhookUrl,
    clusterRedisAddress: options.clusterRedisAddress,
    log: (_service, line) => {
      if (line.includes('starting LiveKit server')) nodeId ??= /"nodeID":"([^"]+)"/.exec(line)?.[1];
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${options.logName ?? 'livekit'}] ${line}\n`);
    },
  });
  return {
    ...server,
    httpUrl: `http://127.0.0.1:${ports.signal}`,
    /** The node's id in the cluster (`ND_…`), from its start-up line; what Redis maps its rooms to. */
    nodeId,
  };
}

export function joinToken(room: string, identity: string): Promise<string> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, { identity, ttl: '5m' });
  token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
  return token.toJwt();
}

/** Deletes every room, so the agents' jobs end at once (a test stack's teardown). */
export async function closeAllRooms(livekit: { httpUrl: string }): Promise<void> {
  const rooms = new RoomServiceClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET);
  for (const room of await rooms.listRooms()) {
    // A room may close by itself (its last participant left) between listing it and deleting it.
    await rooms.deleteRoom(room.name).catch((error: unknown) => {
      if (!(error instanceof ServerError && error.status === 404)) throw error;
    });
  }
}
