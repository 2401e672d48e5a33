import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParticipantInfo_Kind } from '@livekit/protocol';
import { dispose } from '@livekit/rtc-node';
import {
  listInterviewsResponse,
  type StartInterviewResponse,
  startInterviewResponse,
} from '@rehearse/api-contract';
import { E2E_AGENT_NAME, startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import type { Stack } from '@rehearse/test-stack/stack';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

let stack: Stack;
const joined: RtcParticipant[] = [];
/** Long enough for a dispatch or a room to show up in LiveKit if anything had made one. */
const NOTHING_HAPPENS_MS = 3_000;

/** Joins as an agent would (kind agent), standing in for Noah. */
async function joinAsAgent(start: StartInterviewResponse): Promise<RtcParticipant> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, {
    identity: `agent-${randomUUID()}`,
    ttl: '5m',
  });
  token.kind = 'agent';
  token.addGrant({ roomJoin: true, room: start.room_name, agent: true });
  const agent = await RtcParticipant.join(start.livekit_url, await token.toJwt());
  joined.push(agent);
  return agent;
}

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack();
});

afterAll(async () => {
  await Promise.all(joined.map((participant) => participant.leave().catch(() => {})));
  await dispose();
  await stack?.stop();
});

async function startInterview(
  idToken: string,
  body?: unknown,
): Promise<{ response: Response; json: StartInterviewResponse }> {
  const response = await postStartInterview(stack.web.url, {
    idToken,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await readContract(response, startInterviewResponse);
  return { response, json };
}

describe('POST /api/start-interview', () => {
  it('answers 200 with a token for a new room, no-store, and a request id', async () => {
    const user = await signUpUser(stack.auth.host, 'Grace Hopper');
    const { response, json } = await startInterview(user.idToken, { target_role: 'backend engineer' });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(json).sort()).toEqual(
      ['identity', 'interview_id', 'livekit_url', 'resumed', 'room_name', 'thinking_time', 'token'].sort(),
    );
    expect(json.thinking_time).toBe('normal');
    expect(json.identity).toBe(user.uid);
    expect(json.livekit_url).toBe(stack.livekit.url);
    expect(json.resumed).toBe(false);
    expect(json.room_name).toMatch(/^interview-[a-z2-7]{26}$/);
  });

  it('signs a token for exactly this room, this uid, microphone only, short-lived, with the agent dispatch', async () => {
    const user = await signUpUser(stack.auth.host, 'Ada Lovelace');
    const { json } = await startInterview(user.idToken);
    const claims = await new TokenVerifier(TEST_API_KEY, TEST_API_SECRET).verify(json.token);

    expect(claims.sub).toBe(user.uid);
    expect(claims.iss).toBe(TEST_API_KEY);
    expect(claims.name).toBe('Ada Lovelace');
    expect(JSON.parse(claims.metadata ?? '{}')).toEqual({ interviewId: json.interview_id });
    expect(claims.exp).toBeDefined();
    expect(claims.nbf).toBeDefined();
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(300);
    expect(claims.video).toEqual({
      roomJoin: true,
      room: json.room_name,
      canPublish: true,
      canPublishSources: ['microphone'],
      canSubscribe: true,
      // Only for the "I'm done" RPC: the agent takes no typed text (e2e/agent/guards.test.ts).
      canPublishData: true,
    });
    for (const grant of ['sip', 'inference', 'observability', 'kind', 'roomPreset']) {
      expect(claims).not.toHaveProperty(grant);
    }
    const roomConfig = claims.roomConfig as unknown as Record<string, unknown>;
    expect(roomConfig).toMatchObject({
      name: json.room_name,
      emptyTimeout: 120,
      departureTimeout: 60,
      maxParticipants: 1,
    });
    const agents = roomConfig.agents as Array<Record<string, unknown>>;
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({
      agentName: E2E_AGENT_NAME,
      metadata: JSON.stringify({ interviewId: json.interview_id, uid: user.uid, thinkingTime: 'normal' }),
    });
  });

  it('makes no room and dispatches no agent until the candidate joins; their join makes both, exactly once', async () => {
    const user = await signUpUser(stack.auth.host);
    const { json } = await startInterview(user.idToken);

    // A start alone (a bot, a closed tab) costs no agent: nothing exists in LiveKit for a while after it.
    await sleep(NOTHING_HAPPENS_MS);
    // No room, so no dispatch either (LiveKit cannot even list dispatches of a room that does not exist).
    expect(await stack.rooms.listRooms([json.room_name])).toEqual([]);

    const participant = await RtcParticipant.join(json.livekit_url, json.token);
    joined.push(participant);
    expect(participant.room.name).toBe(json.room_name);
    expect(participant.room.localParticipant?.identity).toBe(user.uid);
    const [room] = await stack.rooms.listRooms([json.room_name]);
    expect(room).toMatchObject({
      name: json.room_name,
      emptyTimeout: 120,
      departureTimeout: 60,
      maxParticipants: 1,
    });
    expect((await stack.rooms.listParticipants(json.room_name)).map((p) => p.identity)).toEqual([user.uid]);
    // The join's webhook checks on Noah too: it finds the room's own dispatch on its way and adds none.
    await sleep(NOTHING_HAPPENS_MS);
    const dispatches = await stack.dispatches.listDispatch(json.room_name);
    expect(dispatches.map((dispatch) => [dispatch.agentName, dispatch.metadata])).toEqual([
      [
        E2E_AGENT_NAME,
        JSON.stringify({ interviewId: json.interview_id, uid: user.uid, thinkingTime: 'normal' }),
      ],
    ]);
  });

  it('resuming a live room whose agent left sends one only once the candidate is back in it', async () => {
    const user = await signUpUser(stack.auth.host);
    const first = await startInterview(user.idToken);
    const candidate = await RtcParticipant.join(first.json.livekit_url, first.json.token);
    const agent = await joinAsAgent(first.json);
    // The candidate goes first (a refresh), then Noah: nobody is left to dispatch for.
    await candidate.leave();
    await agent.leave();
    await until(
      'everyone gone from the live room',
      () => stack.rooms.listParticipants(first.json.room_name),
      (participants) => participants.length === 0,
    );
    const before = (await stack.dispatches.listDispatch(first.json.room_name)).length;

    const resumed = await startInterview(user.idToken);
    expect(resumed.json).toMatchObject({ room_name: first.json.room_name, resumed: true });
    await sleep(NOTHING_HAPPENS_MS);
    expect(await stack.dispatches.listDispatch(first.json.room_name)).toHaveLength(before);

    joined.push(await RtcParticipant.join(resumed.json.livekit_url, resumed.json.token));
    await until(
      'a dispatch once the candidate is back',
      () => stack.dispatches.listDispatch(first.json.room_name),
      (dispatches) => dispatches.length > before,
    );
    await sleep(NOTHING_HAPPENS_MS);
    expect(await stack.dispatches.listDispatch(first.json.room_name)).toHaveLength(before + 1);
  });

  it('admits the user and an agent, and refuses a second non-agent participant (maxParticipants = 1)', async () => {
    const user = await signUpUser(stack.auth.host);
    const { json } = await startInterview(user.idToken);
    joined.push(await RtcParticipant.join(json.livekit_url, json.token));

    const agent = await joinAsAgent(json);
    const kinds = (await stack.rooms.listParticipants(json.room_name)).map((p) => [p.identity, p.kind]);
    expect(kinds).toContainEqual([agent.room.localParticipant?.identity, ParticipantInfo_Kind.AGENT]);

    const intruderToken = new AccessToken(TEST_API_KEY, TEST_API_SECRET, { identity: 'intruder', ttl: '5m' });
    intruderToken.addGrant({ roomJoin: true, room: json.room_name });
    await expect(RtcParticipant.join(json.livekit_url, await intruderToken.toJwt())).rejects.toThrow();
  });

  it('resumes the live room on a second call (tab refresh): same interview and room, no second dispatch', async () => {
    const user = await signUpUser(stack.auth.host);
    const first = await startInterview(user.idToken);
    const firstJoin = await RtcParticipant.join(first.json.livekit_url, first.json.token);
    joined.push(firstJoin);

    const second = await startInterview(user.idToken);
    expect(second.response.status).toBe(200);
    expect(second.json).toMatchObject({
      room_name: first.json.room_name,
      interview_id: first.json.interview_id,
      resumed: true,
    });
    // The refreshed tab rejoins with the same identity; livekit-server replaces the old connection.
    joined.push(await RtcParticipant.join(second.json.livekit_url, second.json.token));
    expect((await stack.rooms.listParticipants(first.json.room_name)).map((p) => p.identity)).toEqual([
      user.uid,
    ]);
    expect(await stack.dispatches.listDispatch(first.json.room_name)).toHaveLength(1);
  });

  it('stores the thinking time asked for, dispatches Noah with it, and keeps it on a resume whatever that asks', async () => {
    const user = await signUpUser(stack.auth.host);
    const first = await startInterview(user.idToken, { thinking_time: 'long' });
    expect(first.json.thinking_time).toBe('long');
    expect((await stack.db.interviews.get(first.json.interview_id))?.thinkingTime).toBe('long');
    const claims = await new TokenVerifier(TEST_API_KEY, TEST_API_SECRET).verify(first.json.token);
    const roomConfig = claims.roomConfig as unknown as { agents: Array<{ metadata: string }> };
    expect(JSON.parse(roomConfig.agents[0]?.metadata ?? '{}')).toMatchObject({ thinkingTime: 'long' });

    const resumed = await startInterview(user.idToken, { thinking_time: 'short' });
    expect(resumed.json).toMatchObject({
      interview_id: first.json.interview_id,
      resumed: true,
      thinking_time: 'long',
    });
    expect((await stack.db.interviews.get(first.json.interview_id))?.thinkingTime).toBe('long');
  });

  it('never reuses a room name: 24 interviews, 24 distinct names with 128 random bits each', async () => {
    const users = await Promise.all(Array.from({ length: 24 }, () => signUpUser(stack.auth.host)));
    const names: string[] = [];
    for (const user of users) names.push((await startInterview(user.idToken)).json.room_name);

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      // 26 base32 characters = 130 bits of encoding for 128 random bits.
      expect(name).toMatch(/^interview-[a-z2-7]{26}$/);
    }
  });

  it('records the room on the interview row and the profile from the ID token', async () => {
    const user = await signUpUser(stack.auth.host, 'Katherine Johnson');
    const { json } = await startInterview(user.idToken, { target_role: 'data scientist' });
    const list = await getJson(stack.web.url, '/api/interviews', user.idToken);
    expect(list.status).toBe(200);
    const { interviews } = await readContract(list, listInterviewsResponse);
    expect(interviews).toHaveLength(1);
    expect(interviews[0]).toMatchObject({ id: json.interview_id, status: 'pending', role: 'data scientist' });
  });
});

describe('POST /api/start-interview input and rate limits', () => {
  it.each([
    {
      name: 'invalid JSON',
      body: '{"target_role":',
      contentType: 'application/json',
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'an unknown field',
      body: '{"room":"x"}',
      contentType: 'application/json',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a wrong type',
      body: '{"target_role":42}',
      contentType: 'application/json',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'an unknown thinking time',
      body: '{"thinking_time":"forever"}',
      contentType: 'application/json',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a thinking time in milliseconds',
      body: '{"thinking_time":3000}',
      contentType: 'application/json',
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'a non-JSON content type',
      body: 'target_role=x',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a body over 4 KiB',
      body: JSON.stringify({ target_role: 'x'.repeat(5000) }),
      contentType: 'application/json',
      status: 413,
      code: 'body_too_large',
    },
  ])('refuses $name with $status $code and creates nothing', async ({ body, contentType, status, code }) => {
    const user = await signUpUser(stack.auth.host);
    const response = await postStartInterview(stack.web.url, { idToken: user.idToken, body, contentType });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({
      error: code,
      request_id: response.headers.get('x-request-id'),
    });
    const rooms = await getJson(stack.web.url, '/api/interviews', user.idToken);
    expect(((await rooms.json()) as { interviews: unknown[] }).interviews).toEqual([]);
  });

  it('allows 5 starts per user per minute, then answers 429 with Retry-After; other users are unaffected', async () => {
    const user = await signUpUser(stack.auth.host);
    for (let i = 0; i < 5; i++) expect((await startInterview(user.idToken)).response.status).toBe(200);
    const limited = await postStartInterview(stack.web.url, { idToken: user.idToken });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });

    const other = await signUpUser(stack.auth.host);
    expect((await startInterview(other.idToken)).response.status).toBe(200);
  });
});

describe('GET /api/health', () => {
  it('answers 200 {ok:true}, and checks the database with ?deep=1', async () => {
    const shallow = await getJson(stack.web.url, '/api/health');
    expect(shallow.status).toBe(200);
    expect(await shallow.json()).toEqual({ ok: true });
    const deep = await getJson(stack.web.url, '/api/health?deep=1');
    expect(deep.status).toBe(200);
    expect(await deep.json()).toEqual({ ok: true, database: 'ok' });
  });
});
