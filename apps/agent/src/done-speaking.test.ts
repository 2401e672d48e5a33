import type { voice } from '@livekit/agents';
import { RpcError } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { answerDoneSpeaking, DONE_SPEAKING_ERRORS, type TurnEnder } from './done-speaking.ts';

const CANDIDATE = 'uid-ada';

function turns(state: voice.AgentState, connected = true) {
  const ended: string[] = [];
  const ender: TurnEnder = {
    agentState: () => state,
    endUserTurn: () => {
      ended.push(state);
      return connected;
    },
  };
  return { ender, ended };
}

function refusal(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('"I\'m done" at the agent', () => {
  it('ends the candidate’s turn while Noah listens', () => {
    const { ender, ended } = turns('listening');
    expect(answerDoneSpeaking({ callerIdentity: CANDIDATE, payload: '{}' }, CANDIDATE, ender)).toEqual({
      ended: true,
    });
    expect(ended).toEqual(['listening']);
  });

  it('says so when the model is not connected (the silence will end the turn)', () => {
    const { ender } = turns('listening', false);
    expect(answerDoneSpeaking({ callerIdentity: CANDIDATE, payload: '{}' }, CANDIDATE, ender)).toEqual({
      ended: false,
    });
  });

  it('ends nothing while Noah has the floor', () => {
    for (const state of ['initializing', 'thinking', 'speaking'] as const) {
      const { ender, ended } = turns(state);
      expect(answerDoneSpeaking({ callerIdentity: CANDIDATE, payload: '{}' }, CANDIDATE, ender)).toEqual({
        ended: false,
      });
      expect(ended).toEqual([]);
    }
  });

  it('refuses anyone but the candidate, and any payload but an empty JSON object', () => {
    const { ender, ended } = turns('listening');
    expect(
      refusal(() => answerDoneSpeaking({ callerIdentity: 'someone-else', payload: '{}' }, CANDIDATE, ender))
        .code,
    ).toBe(DONE_SPEAKING_ERRORS.notTheCandidate);
    for (const payload of ['', 'done', '{"ended":true}', '[]', 'null', '{'.repeat(1000)])
      expect(
        refusal(() => answerDoneSpeaking({ callerIdentity: CANDIDATE, payload }, CANDIDATE, ender)).code,
      ).toBe(DONE_SPEAKING_ERRORS.invalidPayload);
    expect(ended).toEqual([]);
  });
});
