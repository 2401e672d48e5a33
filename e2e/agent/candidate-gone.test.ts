import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/** Short, so the test sees it end; livekit-server itself keeps the room 30 s after the candidate leaves. */
const GRACE_MS = 4_000;
const ROOM_DEPARTURE_TIMEOUT_MS = 30_000; // scripts/livekit/livekit.yaml
/** Generous bounds: the agent answers in seconds, but this 2-core machine is shared and often loaded. */
const TURN_MS = 60_000;
const TEST_MS = 180_000;
let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({
    scenarioFile: join(import.meta.dirname, 'scenarios/one-question.json'),
    agentEnv: { CANDIDATE_REJOIN_GRACE_MS: String(GRACE_MS) },
  });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

const jobLines = (roomName: string, text: string) =>
  stack.agentLog.filter((line) => line.includes(roomName) && line.includes(text));

describe('a job whose candidate has left', () => {
  it(
    'ends once the candidate has been gone for the grace, before LiveKit would close the room',
    async () => {
      const candidate = await newCandidate(stack, 'Grace Hopper');
      const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
      await user.publishMicrophone();
      await user.waitForAgentTurns(1, TURN_MS);
      await user.leave();
      const leftAt = Date.now();
      await until(
        'the job to finish',
        async () => jobLines(candidate.roomName, 'job finished').length,
        (finished) => finished > 0,
        ROOM_DEPARTURE_TIMEOUT_MS,
      );
      const lingeredMs = Date.now() - leftAt;
      process.stderr.write(
        `the job ended ${lingeredMs} ms after its candidate left (grace ${GRACE_MS} ms)\n`,
      );
      expect(jobLines(candidate.roomName, 'candidate gone; ending the job')).toHaveLength(1);
      expect(lingeredMs).toBeGreaterThanOrEqual(GRACE_MS);
    },
    TEST_MS,
  );

  it(
    'stays for a candidate who comes back within the grace, and picks the interview up again',
    async () => {
      const candidate = await newCandidate(stack, 'Barbara Liskov');
      const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
      await user.publishMicrophone();
      await user.waitForAgentTurns(1, TURN_MS);
      await user.leave();
      await sleep(1_000);
      const back = await RtcParticipant.join(stack.livekit.url, candidate.token);
      await back.publishMicrophone();
      await back.waitForAgentTurns(1, TURN_MS);
      expect(jobLines(candidate.roomName, 'candidate rejoined')).toHaveLength(1);
      await sleep(GRACE_MS + 2_000);
      expect(jobLines(candidate.roomName, 'job finished')).toEqual([]);
      await back.leave();
    },
    TEST_MS,
  );
});
