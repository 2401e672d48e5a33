import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomAgentDispatch, RoomConfiguration } from '@livekit/protocol';
import { createDatabase, type Database, migrate } from '@rehearse/db';
import { startEmbeddedDatabase } from '@rehearse/db/embedded-server';
import type { GeminiLiveEmulatorOptions } from '@rehearse/gemini-live-emulator';
import { freePort } from '@rehearse/local-stack';
import { AccessToken } from 'livekit-server-sdk';
import { closeAllRooms, startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';
import { startTestAgent } from './test-agent.ts';

export const TEST_AGENT_NAME = 'noah-e2e';

export interface AgentStackOptions {
  scenarioFile: string;
  emulator?: Partial<GeminiLiveEmulatorOptions>;
  agentEnv?: Record<string, string>;
}

/**
 * The agent's real surroundings for e2e tests: livekit-server, an embedded PGlite database, the
 * Gemini Live emulator with the test's scenario, and the agent worker as its own process.
 */
export async function startAgentStack(options: AgentStackOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-e2e-db-'));
  const dbPort = await freePort();
  let dbServer = await startEmbeddedDatabase({ dataDir, port: dbPort });
  const db = createDatabase({ url: dbServer.url, queryTimeoutMs: 3_000 });
  await migrate(db.pool);
  const livekit = await startTestLivekit();
  const {
    emulator,
    agent,
    agentLog,
    healthPort,
    metricsPort,
    stop: stopAgent,
  } = await startTestAgent({
    livekitUrl: livekit.url,
    databaseUrl: dbServer.url,
    agentName: TEST_AGENT_NAME,
    scenarioFile: options.scenarioFile,
    emulator: options.emulator,
    agentEnv: options.agentEnv,
  });

  return {
    db,
    livekit,
    emulator,
    agent,
    agentLog,
    healthPort,
    metricsPort,
    dbUrl: () => dbServer.url,
    /** Stops the database (as if it crashed) and brings it back later on the same port and data. */
    async stopDatabase() {
      await dbServer.stop();
    },
    async restartDatabase() {
      dbServer = await startEmbeddedDatabase({ dataDir, port: dbPort });
    },
    async stop() {
      // Rooms first, so running jobs end now instead of draining for the departure timeout.
      await closeAllRooms(livekit);
      await stopAgent();
      await livekit.stop();
      await db.close();
      await dbServer.stop();
    },
  };
}

export type AgentStack = Awaited<ReturnType<typeof startAgentStack>>;

let roomCounter = 0;

/** A user, their interview row and a join token that dispatches the agent (as /api/start-interview does). */
export async function newCandidate(stack: AgentStack, displayName: string) {
  roomCounter += 1;
  const uid = `uid-${roomCounter}-${Date.now()}`;
  const roomName = `interview-e2e-${roomCounter}-${Date.now()}`;
  await stack.db.users.upsert({ uid, email: `${uid}@example.com`, displayName });
  const session = await stack.db.interviews.create({ userId: uid, roomName, phase: 'profile' });
  return {
    uid,
    roomName,
    sessionId: session.id,
    token: await joinToken(uid, roomName, displayName, session.id),
  };
}

/**
 * A token that joins `roomName` as `uid` (the web app's grants) and dispatches the agent when it creates the room, with the
 * dispatch metadata the web app writes when `interviewId` is given.
 */
export async function joinToken(
  uid: string,
  roomName: string,
  displayName: string,
  interviewId?: string,
  /** The web app grants no data (apps/web/lib/server/livekit-token.ts); a test may, to see the agent refuse it. */
  canPublishData = false,
): Promise<string> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, {
    identity: uid,
    name: displayName,
    ttl: '10m',
  });
  token.addGrant({
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData,
  });
  token.roomConfig = new RoomConfiguration({
    agents: [
      new RoomAgentDispatch({
        agentName: TEST_AGENT_NAME,
        metadata: interviewId ? dispatchMetadata(interviewId, uid) : undefined,
      }),
    ],
  });
  return token.toJwt();
}

/** The dispatch metadata the web app writes (apps/web/lib/server/agent-dispatch.ts). */
export function dispatchMetadata(interviewId: string, uid: string): string {
  return JSON.stringify({ interviewId, uid });
}

export function databaseOf(stack: AgentStack): Database {
  return stack.db;
}
