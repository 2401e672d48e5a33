import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THINKING_TIME,
  doneSpeakingReply,
  doneSpeakingRequest,
  isThinkingTime,
  SILENCE_MS_BY_THINKING_TIME,
  silenceDurationMs,
  THINKING_TIMES,
} from '../src/index.ts';

describe('thinking time', () => {
  it('maps each setting to the silence that ends the candidate’s turn, longer for more thinking', () => {
    expect(THINKING_TIMES.map(silenceDurationMs)).toEqual([800, 1_500, 3_000]);
    expect(SILENCE_MS_BY_THINKING_TIME.short).toBeLessThan(SILENCE_MS_BY_THINKING_TIME.normal);
    expect(SILENCE_MS_BY_THINKING_TIME.normal).toBeLessThan(SILENCE_MS_BY_THINKING_TIME.long);
  });

  it('is normal unless a known setting is given', () => {
    expect(DEFAULT_THINKING_TIME).toBe('normal');
    for (const unknown of [undefined, null, '', 'Long', 'medium', 3_000])
      expect(silenceDurationMs(unknown)).toBe(SILENCE_MS_BY_THINKING_TIME.normal);
    expect(isThinkingTime('long')).toBe(true);
    expect(isThinkingTime('toString')).toBe(false);
  });
});

describe('the "I\'m done" RPC payloads', () => {
  it('asks with an empty object only', () => {
    expect(doneSpeakingRequest.safeParse({}).success).toBe(true);
    for (const wrong of [null, [], 'done', { done: true }])
      expect(doneSpeakingRequest.safeParse(wrong).success).toBe(false);
  });

  it('answers whether the turn was ended', () => {
    expect(doneSpeakingReply.parse({ ended: true })).toEqual({ ended: true });
    expect(doneSpeakingReply.safeParse({ ended: 'yes' }).success).toBe(false);
  });
});
