import { join } from 'node:path';
import { ParticipantInfo_Kind } from '@livekit/protocol';
import {
  dispatchMetadata,
  newCandidate,
  startAgentStack,
  TEST_AGENT_NAME,
} from '@rehearse/test-stack/agent-stack';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * A maximum at which running ÷ max as the load would stop short: livekit-server offers no job to a worker at or
 * above its `agents.target_load` (0.7), which running ÷ 4 passes at the third job.
 */
const MAX_JOBS = 4;
/** Two of agents-js' load reports (one every 2.5 s). */
const LOAD_REPORT_WAIT_MS = 5_500;
let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({
    scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json'),
    // The jobs wait for candidates who never come, so they all run at once for the whole test.
    agentEnv: { AGENT_MAX_CONCURRENT_JOBS: String(MAX_JOBS), PARTICIPANT_WAIT_TIMEOUT_MS: '120000' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const hasAgent = async (roomName: string) =>
  (await stack.rooms.listParticipants(roomName)).some(
    (participant) => participant.kind === ParticipantInfo_Kind.AGENT,
  );

describe('one worker', () => {
  it(`runs exactly AGENT_MAX_CONCURRENT_JOBS interviews at once (${MAX_JOBS}), not fewer and not more`, async () => {
    const rooms: string[] = [];
    // One at a time, each once the previous has its agent and the worker has reported its new load: without
    // the wait, the next job would be judged on the load before this one and could be offered regardless.
    for (let i = 0; i < MAX_JOBS; i++) {
      const candidate = await newCandidate(stack, `Capacity Candidate${i}`);
      await stack.rooms.createRoom({ name: candidate.roomName, emptyTimeout: 120 });
      await stack.dispatches.createDispatch(candidate.roomName, TEST_AGENT_NAME, {
        metadata: dispatchMetadata(candidate.sessionId, candidate.uid),
      });
      await until(
        `agent ${i + 1} of ${MAX_JOBS} to join`,
        () => hasAgent(candidate.roomName),
        Boolean,
        60_000,
      );
      rooms.push(candidate.roomName);
      await new Promise((resolve) => setTimeout(resolve, LOAD_REPORT_WAIT_MS));
    }

    const overflow = await newCandidate(stack, 'Capacity Overflow');
    await stack.rooms.createRoom({ name: overflow.roomName, emptyTimeout: 120 });
    await stack.dispatches.createDispatch(overflow.roomName, TEST_AGENT_NAME, {
      metadata: dispatchMetadata(overflow.sessionId, overflow.uid),
    });
    // livekit-server decides a dispatch within a second or two; give it well over that before looking.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await hasAgent(overflow.roomName)).toBe(false);
    for (const roomName of rooms) expect(await hasAgent(roomName)).toBe(true);
  });
});
