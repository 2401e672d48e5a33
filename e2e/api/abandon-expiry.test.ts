import { randomUUID } from 'node:crypto';
import { dispose } from '@livekit/rtc-node';
import {
  abandonInterviewResponse,
  listInterviewsResponse,
  type StartInterviewResponse,
  startInterviewResponse,
} from '@rehearse/api-contract';
import { createDatabase, type Database } from '@rehearse/db';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { type EmulatorUser, signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import type { Stack } from '@rehearse/test-stack/stack';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * Case 8 of issue #10, a way out: a candidate abandons an unfinished interview from home, and an interview
 * left unfinished longer than INTERVIEW_EXPIRY_HOURS (72 by default) is expired instead of resumed.
 */

const EXPIRY_HOURS = 72;

let stack: Stack;
let database: Database;
const joined: RtcParticipant[] = [];

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack();
  database = createDatabase({ url: stack.databaseUrl, queryTimeoutMs: 5000 });
});

afterAll(async () => {
  await Promise.all(joined.map((participant) => participant.leave().catch(() => {})));
  await dispose();
  await database?.close();
  await stack?.stop();
});

async function startInterview(user: EmulatorUser): Promise<StartInterviewResponse> {
  const response = await postStartInterview(stack.web.url, { idToken: user.idToken });
  expect(response.status).toBe(200);
  return await readContract(response, startInterviewResponse);
}

function abandon(interviewId: string, idToken?: string): Promise<Response> {
  return fetch(`${stack.web.url}/api/interviews/${interviewId}/abandon`, {
    method: 'POST',
    headers: idToken ? { authorization: `Bearer ${idToken}` } : {},
    signal: AbortSignal.timeout(30_000),
  });
}

async function listInterviews(user: EmulatorUser) {
  const response = await getJson(stack.web.url, '/api/interviews', user.idToken);
  expect(response.status).toBe(200);
  return (await readContract(response, listInterviewsResponse)).interviews;
}

/** Joins as an agent would (kind agent), standing in for Noah in the room. */
async function agentJoins(started: StartInterviewResponse): Promise<RtcParticipant> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, { identity: 'agent-stand-in', ttl: '5m' });
  token.kind = 'agent';
  token.addGrant({ roomJoin: true, room: started.room_name, agent: true, canPublish: true });
  const agent = await RtcParticipant.join(started.livekit_url, await token.toJwt());
  joined.push(agent);
  return agent;
}

/** The candidate's join, which makes the room. */
async function candidateJoins(started: StartInterviewResponse): Promise<void> {
  joined.push(await RtcParticipant.join(started.livekit_url, started.token));
}

const roomExists = async (room: string) => (await stack.rooms.listRooms([room])).length > 0;

/** Moves the interview's creation back in time, as if the candidate had left it that long ago. */
async function createdHoursAgo(interviewId: string, hours: number) {
  await database.pool.query(
    `UPDATE interview_sessions SET created_at = now() - $2::integer * interval '1 hour' WHERE id = $1`,
    [interviewId, hours],
  );
}

describe('POST /api/interviews/:id/abandon', () => {
  it('ends the interview in the database, stops Noah by closing the room, and the next start is fresh', async () => {
    const user = await signUpUser(stack.auth.host);
    const started = await startInterview(user);
    const candidate = await RtcParticipant.join(started.livekit_url, started.token);
    joined.push(candidate);
    const agent = await agentJoins(started);
    expect(await database.interviews.acquireLease(started.interview_id, 'agent-stand-in', 60_000)).toBe(true);

    const response = await abandon(started.interview_id, user.idToken);
    expect(response.status).toBe(200);
    const body = await readContract(response, abandonInterviewResponse);
    expect(body.interview).toMatchObject({ id: started.interview_id, status: 'abandoned' });
    expect(body.interview.ended_at).toEqual(expect.any(String));

    const row = await database.interviews.get(started.interview_id);
    expect(row).toMatchObject({ status: 'abandoned', agentLeaseHolder: null });
    expect(row?.endedAt?.toISOString()).toBe(body.interview.ended_at);
    // The agent is disconnected with the room, and could not keep the interview by renewing its lease.
    await until(
      'the agent is disconnected',
      async () => agent.room.isConnected,
      (connected) => !connected,
    );
    await until(
      'the room is deleted',
      () => roomExists(started.room_name),
      (exists) => !exists,
    );
    expect(await database.interviews.renewLease(started.interview_id, 'agent-stand-in', 60_000)).toBe(false);

    // Asking again answers the same, and changes nothing.
    const again = await abandon(started.interview_id, user.idToken);
    expect(again.status).toBe(200);
    expect(((await again.json()) as typeof body).interview).toEqual(body.interview);

    const next = await startInterview(user);
    expect(next).toMatchObject({ resumed: false });
    expect(next.interview_id).not.toBe(started.interview_id);
    expect(next.room_name).not.toBe(started.room_name);
    expect((await database.interviews.get(next.interview_id))?.status).toBe('pending');
    expect(await listInterviews(user)).toEqual([
      expect.objectContaining({ id: next.interview_id, status: 'pending' }),
      expect.objectContaining({ id: started.interview_id, status: 'abandoned' }),
    ]);
  });

  it("answers 404 for another user's interview or an unknown id, 401 without a token, and changes nothing", async () => {
    const owner = await signUpUser(stack.auth.host);
    const stranger = await signUpUser(stack.auth.host);
    const started = await startInterview(owner);
    await candidateJoins(started);

    const theirs = await abandon(started.interview_id, stranger.idToken);
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toMatchObject({ error: 'not_found' });
    expect((await abandon('not-a-uuid', owner.idToken)).status).toBe(404);
    expect((await abandon(randomUUID(), owner.idToken)).status).toBe(404);
    expect((await abandon(started.interview_id)).status).toBe(401);

    expect((await database.interviews.get(started.interview_id))?.status).toBe('pending');
    expect(await roomExists(started.room_name)).toBe(true);
  });

  it('refuses to abandon a completed interview (409), which keeps its status', async () => {
    const user = await signUpUser(stack.auth.host);
    const started = await startInterview(user);
    await database.interviews.markStatus(started.interview_id, 'completed', new Date());

    const response = await abandon(started.interview_id, user.idToken);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'interview_completed' });
    expect((await database.interviews.get(started.interview_id))?.status).toBe('completed');
  });
});

describe(`an interview left unfinished for more than INTERVIEW_EXPIRY_HOURS (${EXPIRY_HOURS})`, () => {
  it('is not resumed by start-interview: it is expired, its room closed, and a new interview starts', async () => {
    const user = await signUpUser(stack.auth.host);
    const old = await startInterview(user);
    await candidateJoins(old);
    await database.interviews.updateState(old.interview_id, {
      phase: 'questions',
      questionIds: ['q1', 'q2'],
      questionIndex: 1,
      state: {},
      status: 'active',
    });

    // Control: just inside the expiry it is still resumed.
    await createdHoursAgo(old.interview_id, EXPIRY_HOURS - 1);
    expect(await startInterview(user)).toMatchObject({ interview_id: old.interview_id, resumed: true });

    await createdHoursAgo(old.interview_id, EXPIRY_HOURS + 1);
    const next = await startInterview(user);
    expect(next).toMatchObject({ resumed: false });
    expect(next.interview_id).not.toBe(old.interview_id);
    const expired = await database.interviews.get(old.interview_id);
    expect(expired).toMatchObject({ status: 'expired', questionIndex: 1 });
    expect(expired?.endedAt).toBeInstanceOf(Date);
    await until(
      'the expired room is deleted',
      () => roomExists(old.room_name),
      (exists) => !exists,
    );
  });

  it('shows as expired in the interview list, so home offers a fresh start', async () => {
    const user = await signUpUser(stack.auth.host);
    const old = await startInterview(user);
    await createdHoursAgo(old.interview_id, EXPIRY_HOURS + 1);

    const [listed] = await listInterviews(user);
    expect(listed).toMatchObject({ id: old.interview_id, status: 'expired', ended_at: expect.any(String) });
    expect((await database.interviews.get(old.interview_id))?.status).toBe('expired');
    expect(await database.interviews.findUnfinishedForUser(user.uid)).toBeNull();
    // Abandoning it now is a no-op that says what happened to it.
    const late = await abandon(old.interview_id, user.idToken);
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ interview: { status: 'expired' } });
  });
});
