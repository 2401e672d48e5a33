/**
 * Issue #12's reference for POST /api/start-interview: a plain `node:http` server making the same SDK and
 * database calls, in the same order, as the route does for a new user (apps/web/lib/server/start-interview.ts),
 * with the same libraries and pool size, and answering the same JSON. No framework, rate limit, logging,
 * timeouts or body validation. The resume path is out of scope: an unfinished interview is a 409.
 *
 * Environment: PORT and the web app's DATABASE_URL, FIREBASE_PROJECT_ID, FIREBASE_AUTH_EMULATOR_HOST
 * (read by firebase-admin), LIVEKIT_URL, LIVEKIT_PUBLIC_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, AGENT_NAME.
 * Prints `listening <url>` once it accepts requests.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createDatabase, migrate } from '@rehearse/db';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import {
  AccessToken,
  RoomAgentDispatch,
  RoomConfiguration,
  RoomServiceClient,
  TrackSource,
} from 'livekit-server-sdk';
import { pino } from 'pino';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bare-start-handler: ${name} is not set`);
  return value;
};
const livekitUrl = env('LIVEKIT_URL');
const apiKey = env('LIVEKIT_API_KEY');
const apiSecret = env('LIVEKIT_API_SECRET');
const agentName = env('AGENT_NAME');
const publicUrl = process.env.LIVEKIT_PUBLIC_URL || livekitUrl;
const EXPIRY_MS = 72 * 3_600_000; // INTERVIEW_EXPIRY_HOURS' default

const silent = pino({ level: 'silent' });
// The web app's settings: poolMax 5, DB_TIMEOUT_MS and LIVEKIT_API_TIMEOUT_MS defaults, no failover.
const database = createDatabase({ url: env('DATABASE_URL'), queryTimeoutMs: 3000, poolMax: 5, log: silent });
const auth = getAuth(initializeApp({ projectId: env('FIREBASE_PROJECT_ID') }, 'bare-start-handler'));
const rooms = new RoomServiceClient(livekitUrl, apiKey, apiSecret, { requestTimeout: 5, failover: false });

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function startInterview(authorization: string, bodyText: string) {
  if (!authorization.startsWith('Bearer ')) throw new HttpFailure(401, 'missing bearer token');
  const decoded = await auth
    .verifyIdToken(authorization.slice('Bearer '.length), true)
    .catch((error: Error) => Promise.reject(new HttpFailure(401, error.message)));
  const targetRole = bodyText.trim()
    ? (JSON.parse(bodyText) as { target_role?: string }).target_role
    : undefined;
  const uid = decoded.uid;
  const profile = await database.users.upsert({
    uid,
    email: typeof decoded.email === 'string' ? decoded.email : null,
    displayName: typeof decoded.name === 'string' ? decoded.name : null,
  });
  const now = new Date();
  await database.interviews.expireUnfinished(uid, new Date(now.getTime() - EXPIRY_MS), now);
  if (await database.interviews.findUnfinishedForUser(uid))
    throw new HttpFailure(409, 'unfinished interview (resume is not part of the reference)');
  const roomName = `interview-${randomBytes(16).toString('hex')}`;
  const interview = await database.interviews.create({
    userId: uid,
    roomName,
    role: targetRole ?? profile.targetRole ?? null,
  });
  await rooms.listRooms([roomName]);

  const token = new AccessToken(apiKey, apiSecret, {
    identity: uid,
    ttl: 300,
    ...(profile.displayName ? { name: profile.displayName } : {}),
    metadata: JSON.stringify({ interviewId: interview.id }),
  });
  token.addGrant({
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
  });
  token.roomConfig = new RoomConfiguration({
    name: roomName,
    emptyTimeout: 120,
    departureTimeout: 60,
    maxParticipants: 1,
    agents: [
      new RoomAgentDispatch({ agentName, metadata: JSON.stringify({ interviewId: interview.id, uid }) }),
    ],
  });
  return {
    token: await token.toJwt(),
    room_name: roomName,
    identity: uid,
    livekit_url: publicUrl,
    interview_id: interview.id,
    resumed: false,
  };
}

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let status = 200;
  let body: unknown;
  if (request.method !== 'POST' || request.url !== '/api/start-interview') {
    status = 404;
    body = { error: 'not_found' };
  } else {
    try {
      body = await startInterview(
        request.headers.authorization ?? '',
        Buffer.concat(chunks).toString('utf8'),
      );
    } catch (error) {
      status = error instanceof HttpFailure ? error.status : 500;
      body = { error: 'failed', message: (error as Error).message };
    }
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});

await migrate(database.pool, { log: silent }); // once per process, as the web app before its first query
server.listen(Number(env('PORT')), '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${env('PORT')}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void database.close().finally(() => process.exit(0));
  });
}
