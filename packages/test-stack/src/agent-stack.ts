import { RoomAgentDispatch, RoomConfiguration } from '@livekit/protocol';
import type { GeminiLiveEmulatorOptions } from '@rehearse/gemini-live-emulator';
import type { ThinkingTime } from '@rehearse/interview';
import { AccessToken } from 'livekit-server-sdk';
import { TEST_API_KEY, TEST_API_SECRET } from './livekit.ts';
import { type Stack, startStack } from './stack.ts';

export const TEST_AGENT_NAME = 'noah-e2e';

export interface AgentStackOptions {
  scenarioFile: string;
  emulator?: Partial<GeminiLiveEmulatorOptions>;
  agentEnv?: Record<string, string>;
}

/**
 * The agent's real surroundings for e2e tests: livekit-server, the embedded database, the Gemini Live emulator
 * with the test's scenario, and the agent worker as its own process; no web app (tests mint the join tokens).
 */
export function startAgentStack(options: AgentStackOptions): Promise<Stack> {
  return startStack({ agentName: TEST_AGENT_NAME, agent: options });
}

export type AgentStack = Stack;

let roomCounter = 0;

/** A user, their interview row and a join token that dispatches the agent (as /api/start-interview does). */
export async function newCandidate(
  stack: AgentStack,
  displayName: string,
  options: { thinkingTime?: ThinkingTime } = {},
) {
  roomCounter += 1;
  const uid = `uid-${roomCounter}-${Date.now()}`;
  const roomName = `interview-e2e-${roomCounter}-${Date.now()}`;
  await stack.db.users.upsert({ uid, email: `${uid}@example.com`, displayName });
  const session = await stack.db.interviews.create({
    userId: uid,
    roomName,
    phase: 'profile',
    thinkingTime: options.thinkingTime,
  });
  return {
    uid,
    roomName,
    sessionId: session.id,
    token: await joinToken(uid, roomName, displayName, session.id, { thinkingTime: session.thinkingTime }),
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
  options: {
    /** As the web app (apps/web/lib/server/livekit-token.ts), data is granted (the "I'm done" RPC) unless false. */
    canPublishData?: boolean;
    /** The agent dispatched (default: the agent stack's). */
    agentName?: string;
    /** The interview's thinking time, in the dispatch metadata (default: the default). */
    thinkingTime?: ThinkingTime;
  } = {},
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
    canPublishData: options.canPublishData ?? true,
  });
  token.roomConfig = new RoomConfiguration({
    agents: [
      new RoomAgentDispatch({
        agentName: options.agentName ?? TEST_AGENT_NAME,
        metadata: interviewId ? dispatchMetadata(interviewId, uid, options.thinkingTime) : undefined,
      }),
    ],
  });
  return token.toJwt();
}

/** The dispatch metadata the web app writes (apps/web/lib/server/agent-dispatch.ts). */
export function dispatchMetadata(
  interviewId: string,
  uid: string,
  thinkingTime: ThinkingTime = 'normal',
): string {
  return JSON.stringify({ interviewId, uid, thinkingTime });
}
