import { z } from 'zod';

/**
 * How long Noah lets the candidate think: the silence that ends their answer (Gemini Live's
 * `automaticActivityDetection.silenceDurationMs`). Chosen per interview on the start card, stored with it
 * (migration 008) and carried to the agent in the dispatch metadata. docs/turn-taking.md says why these values.
 */
export const THINKING_TIMES = ['short', 'normal', 'long'] as const;
export type ThinkingTime = (typeof THINKING_TIMES)[number];
export const DEFAULT_THINKING_TIME: ThinkingTime = 'normal';

/**
 * short: a brisk conversation, about the pause between two speakers' turns plus a breath;
 * normal: rides out the hesitations of an answer being composed; long: a candidate who stops to think
 * mid-answer — past 3 s a silence reads as "are you still there?", and "I'm done" ends it sooner anyway.
 */
export const SILENCE_MS_BY_THINKING_TIME: Readonly<Record<ThinkingTime, number>> = {
  short: 800,
  normal: 1_500,
  long: 3_000,
};

export const THINKING_TIME_LABELS: Readonly<Record<ThinkingTime, string>> = {
  short: 'Short',
  normal: 'Normal',
  long: 'Long',
};

export function isThinkingTime(value: unknown): value is ThinkingTime {
  return typeof value === 'string' && (THINKING_TIMES as readonly string[]).includes(value);
}

/** The silence that ends the candidate's turn; an unknown or missing setting is the default. */
export function silenceDurationMs(thinkingTime: unknown): number {
  return SILENCE_MS_BY_THINKING_TIME[isThinkingTime(thinkingTime) ? thinkingTime : DEFAULT_THINKING_TIME];
}

/**
 * "I'm done": the candidate's browser asks the agent, by LiveKit RPC, to end their turn now instead of
 * waiting out the silence. The payload is an empty JSON object; anything else is refused.
 */
export const DONE_SPEAKING_RPC_METHOD = 'rehearse.done_speaking';
export const doneSpeakingRequest = z.strictObject({});
export const doneSpeakingReply = z.strictObject({ ended: z.boolean() });
export type DoneSpeakingReply = z.infer<typeof doneSpeakingReply>;
