import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { interviewReportResponse, startInterviewResponse } from '@rehearse/api-contract';
import { createDatabase, type Database } from '@rehearse/db';
import { freePort } from '@rehearse/local-stack';
import { E2E_AGENT_NAME, startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import { TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import type { Stack } from '@rehearse/test-stack/stack';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

let stack: Stack;
let database: Database;
const joined: RtcParticipant[] = [];

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack({ webEnv: { DB_TIMEOUT_MS: '1500', LIVEKIT_API_TIMEOUT_MS: '1500' } });
  database = createDatabase({ url: stack.databaseUrl, queryTimeoutMs: 5000 });
});

afterAll(async () => {
  await Promise.all(joined.map((participant) => participant.leave().catch(() => {})));
  await dispose();
  await database?.close();
  await stack?.stop();
});

async function startInterview(baseUrl: string, idToken: string) {
  const response = await postStartInterview(baseUrl, { idToken });
  return { response, json: await readContract(response, startInterviewResponse) };
}

async function agentJoins(room: string, livekitUrl: string): Promise<RtcParticipant> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, {
    identity: `agent-${room.slice(-6)}`,
    ttl: '5m',
  });
  token.kind = 'agent';
  token.addGrant({ roomJoin: true, room, agent: true, canPublish: true, canSubscribe: true });
  return RtcParticipant.join(livekitUrl, await token.toJwt());
}

async function signedWebhook(body: string, secret = TEST_API_SECRET): Promise<string> {
  const token = new AccessToken(TEST_API_KEY, secret, { ttl: '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

function postWebhook(body: string, authorization?: string) {
  return fetch(`${stack.web.url}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

describe('POST /api/livekit/webhook', () => {
  const finished = JSON.stringify({
    event: 'room_finished',
    room: { name: 'interview-aaaaaaaaaaaaaaaaaaaaaaaaaa' },
  });

  it.each([
    ['unsigned', async () => undefined],
    ['signed with another secret', () => signedWebhook(finished, 'not-the-livekit-secret-0123456789abcdef')],
    ['signed for a different body', () => signedWebhook(finished.replace('room_finished', 'room_started'))],
    ['a garbage signature', async () => 'not.a.jwt'],
  ])('refuses an event %s (401)', async (_, sign) => {
    const response = await postWebhook(finished, await sign());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('accepts a correctly signed event (control for the refusals above)', async () => {
    const response = await postWebhook(finished, await signedWebhook(finished));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, event: 'room_finished', outcome: 'ignored' });
  });

  it("records the user's and the agent's departures from livekit-server's own webhooks", async () => {
    const user = await signUpUser(stack.auth.host);
    const { json } = await startInterview(stack.web.url, user.idToken);
    const candidate = await RtcParticipant.join(json.livekit_url, json.token);
    const agent = await agentJoins(json.room_name, json.livekit_url);
    await agent.leave();
    const afterAgent = await until(
      'agent_left recorded',
      () => database.interviews.get(json.interview_id),
      (row) => row?.agentLeftAt != null,
    );
    expect(afterAgent?.userLeftAt).toBeNull();
    await candidate.leave();
    const afterUser = await until(
      'user_left recorded',
      () => database.interviews.get(json.interview_id),
      (row) => row?.userLeftAt != null,
    );
    expect(afterUser?.status).toBe('pending');
  });
});

describe('POST /api/livekit/webhook, exactly', () => {
  /** A participant_left event as livekit-server sends it (protobuf JSON), `secondsAgo` before now. */
  const participantLeft = (room: string, identity: string, kind: 'STANDARD' | 'AGENT', secondsAgo = 0) =>
    JSON.stringify({
      id: `EV_${randomUUID()}`,
      event: 'participant_left',
      createdAt: String(Math.floor(Date.now() / 1000) - secondsAgo),
      room: { name: room },
      participant: { identity, kind },
    });

  async function deliver(body: string) {
    const response = await postWebhook(body, await signedWebhook(body));
    expect(response.status).toBe(200);
    return ((await response.json()) as { outcome: string }).outcome;
  }

  it('applies a redelivered or replayed event once: the second delivery dispatches nothing', async () => {
    const user = await signUpUser(stack.auth.host);
    const { json } = await startInterview(stack.web.url, user.idToken);
    joined.push(await RtcParticipant.join(json.livekit_url, json.token));
    const agentLeft = participantLeft(json.room_name, 'agent-AJ_gone', 'AGENT');
    expect(await deliver(agentLeft)).not.toBe('duplicate');
    const dispatches = (await stack.dispatches.listDispatch(json.room_name)).length;
    expect(await deliver(agentLeft)).toBe('duplicate');
    expect(await deliver(agentLeft)).toBe('duplicate');
    expect(await stack.dispatches.listDispatch(json.room_name)).toHaveLength(dispatches);
  });

  it('orders events by their own time: an older departure arriving late does not move the interview back', async () => {
    const user = await signUpUser(stack.auth.host);
    const { json } = await startInterview(stack.web.url, user.idToken);
    expect(await deliver(participantLeft(json.room_name, user.uid, 'STANDARD', 0))).toBe('user_left');
    const recorded = (await database.interviews.get(json.interview_id))?.userLeftAt;
    expect(await deliver(participantLeft(json.room_name, user.uid, 'STANDARD', 600))).toBe('user_left');
    expect((await database.interviews.get(json.interview_id))?.userLeftAt).toEqual(recorded);
  });
});

describe('resume', () => {
  it('re-dispatches the agent only when it left a live room, and only once', async () => {
    const user = await signUpUser(stack.auth.host);
    const first = await startInterview(stack.web.url, user.idToken);
    joined.push(await RtcParticipant.join(first.json.livekit_url, first.json.token));
    const agent = await agentJoins(first.json.room_name, first.json.livekit_url);

    // Agent present: a refresh gets the same room and no new dispatch.
    expect((await startInterview(stack.web.url, user.idToken)).json).toMatchObject({
      room_name: first.json.room_name,
      resumed: true,
    });
    expect(await stack.dispatches.listDispatch(first.json.room_name)).toHaveLength(1);

    // Webhook times have whole seconds: a departure in the very second the room's own dispatch was made
    // could not be told from a replacement's. A real Noah stays longer than that.
    await sleep(1_100);
    await agent.leave();
    await until(
      'agent_left recorded',
      () => database.interviews.get(first.json.interview_id),
      (row) => row?.agentLeftAt != null,
    );
    const afterLeaving = await startInterview(stack.web.url, user.idToken);
    expect(afterLeaving.json).toMatchObject({ room_name: first.json.room_name, resumed: true });
    const dispatches = await stack.dispatches.listDispatch(first.json.room_name);
    expect(dispatches.map((dispatch) => dispatch.agentName)).toEqual([E2E_AGENT_NAME, E2E_AGENT_NAME]);
    expect(dispatches.map((dispatch) => JSON.parse(dispatch.metadata))).toEqual([
      // The re-dispatch carries the interview's thinking time too.
      { interviewId: first.json.interview_id, uid: user.uid, thinkingTime: 'normal' },
      { interviewId: first.json.interview_id, uid: user.uid, thinkingTime: 'normal' },
    ]);

    // The replacement is dispatched but has not joined yet: another refresh must not add a third.
    await startInterview(stack.web.url, user.idToken);
    expect(await stack.dispatches.listDispatch(first.json.room_name)).toHaveLength(2);
  });

  it('when LiveKit is down: 503, and the next start resumes the same interview in a NEW room', async () => {
    const closedPort = await freePort();
    const broken = await stack.startExtraWeb({ LIVEKIT_URL: `ws://127.0.0.1:${closedPort}` });
    const user = await signUpUser(stack.auth.host);
    try {
      const failed = await postStartInterview(broken.url, { idToken: user.idToken });
      expect(failed.status).toBe(503);
      const requestId = failed.headers.get('x-request-id');
      expect(await failed.json()).toMatchObject({ error: 'livekit_unavailable', request_id: requestId });
      const logged = broken.logs
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(expect.objectContaining({ requestId, status: 503, level: 50 }));
    } finally {
      await broken.stop();
    }

    const [stranded] = await database.interviews.listForUser(user.uid, 10);
    expect(stranded?.status).toBe('pending');
    const resumed = await startInterview(stack.web.url, user.idToken);
    expect(resumed.response.status).toBe(200);
    expect(resumed.json).toMatchObject({ interview_id: stranded?.id, resumed: true });
    expect(resumed.json.room_name).not.toBe(stranded?.roomName);
    expect((await database.interviews.get(resumed.json.interview_id))?.roomName).toBe(resumed.json.room_name);
    // The candidate's join makes the new room, with Noah's dispatch in it.
    joined.push(await RtcParticipant.join(resumed.json.livekit_url, resumed.json.token));
    expect(await stack.dispatches.listDispatch(resumed.json.room_name)).toHaveLength(1);
  });

  it('when LiveKit hangs: 503 within LIVEKIT_API_TIMEOUT_MS instead of waiting forever', async () => {
    const silent: Server = createServer(() => {}); // accepts connections, never answers
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    const hanging = await stack.startExtraWeb({ LIVEKIT_URL: `ws://127.0.0.1:${port}` });
    try {
      const user = await signUpUser(stack.auth.host);
      const response = await postStartInterview(hanging.url, { idToken: user.idToken });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: 'livekit_unavailable' });
    } finally {
      await hanging.stop();
      silent.close();
    }
  });

  it('after room_finished (webhook) the unfinished interview resumes in a new room at the same question', async () => {
    const user = await signUpUser(stack.auth.host);
    const first = await startInterview(stack.web.url, user.idToken);
    joined.push(await RtcParticipant.join(first.json.livekit_url, first.json.token));
    await database.interviews.updateState(first.json.interview_id, {
      phase: 'questions',
      questionIds: ['q1', 'q2', 'q3'],
      questionIndex: 2,
      state: {},
      status: 'active',
    });
    await stack.rooms.deleteRoom(first.json.room_name);
    const ended = await until(
      'room_finished recorded',
      () => database.interviews.get(first.json.interview_id),
      (row) => row?.roomEndedAt != null,
    );
    expect(ended?.status).toBe('active');

    const next = await startInterview(stack.web.url, user.idToken);
    expect(next.json).toMatchObject({ interview_id: first.json.interview_id, resumed: true });
    expect(next.json.room_name).not.toBe(first.json.room_name);
    const moved = await database.interviews.get(first.json.interview_id);
    expect(moved).toMatchObject({
      roomName: next.json.room_name,
      roomEndedAt: null,
      questionIndex: 2,
      phase: 'questions',
    });
    joined.push(await RtcParticipant.join(next.json.livekit_url, next.json.token));
    expect(await stack.rooms.listRooms([next.json.room_name])).toHaveLength(1);
    expect(await stack.dispatches.listDispatch(next.json.room_name)).toHaveLength(1);
  });
});

describe('GET /api/interviews/:id/report', () => {
  it('returns the report and answers to the owner only; anyone else gets 404', async () => {
    const owner = await signUpUser(stack.auth.host);
    const stranger = await signUpUser(stack.auth.host);
    const { json } = await startInterview(stack.web.url, owner.idToken);
    await database.answers.record({
      sessionId: json.interview_id,
      questionId: 'q1',
      questionText: 'Tell me about a hard bug.',
      summary: 'Found a race in a cache.',
      scores: [{ competency: 'problem_solving', score: 4, evidence: 'bisected the failing build' }],
      toolCallId: 'call-1',
    });
    await database.interviews.updateState(json.interview_id, {
      phase: 'completed',
      questionIds: ['q1'],
      questionIndex: 1,
      state: {},
      status: 'completed',
      report: {
        competencyScores: [{ competency: 'problem_solving', average: 4, count: 1 }],
        overall: 4,
        strengths: ['Clear and structured.'],
        improvements: ['Name the trade-offs.'],
        answers: [],
      },
    });

    const mine = await getJson(stack.web.url, `/api/interviews/${json.interview_id}/report`, owner.idToken);
    expect(mine.status).toBe(200);
    const report = await readContract(mine, interviewReportResponse);
    // The stored report's own copy of the answers is not sent twice.
    expect(report.report).not.toHaveProperty('answers');
    expect(report).toMatchObject({
      interview: { id: json.interview_id, status: 'completed', has_report: true, question_number: 1 },
      report: {
        competency_scores: [{ competency: 'problem_solving', average: 4, count: 1 }],
        overall: 4,
        strengths: ['Clear and structured.'],
      },
      answers: [
        {
          question_id: 'q1',
          summary: 'Found a race in a cache.',
          scores: [{ competency: 'problem_solving', score: 4, evidence: 'bisected the failing build' }],
        },
      ],
    });
    const theirs = await getJson(
      stack.web.url,
      `/api/interviews/${json.interview_id}/report`,
      stranger.idToken,
    );
    expect(theirs.status).toBe(404);
    const bogus = await getJson(stack.web.url, '/api/interviews/not-a-uuid/report', owner.idToken);
    expect(bogus.status).toBe(404);
  });
});

describe('database down (last: stops the database process)', () => {
  it('start-interview, the interview list and the deep health check answer 503; the shallow health check stays 200', async () => {
    const user = await signUpUser(stack.auth.host);
    await database.close();
    await stack.stopDatabase();

    const response = await postStartInterview(stack.web.url, { idToken: user.idToken });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'database_unavailable' });
    expect((await getJson(stack.web.url, '/api/interviews', user.idToken)).status).toBe(503);
    expect((await getJson(stack.web.url, '/api/health?deep=1')).status).toBe(503);
    expect((await getJson(stack.web.url, '/api/health')).status).toBe(200);
  });
});
