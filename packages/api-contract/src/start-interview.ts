import { DEFAULT_THINKING_TIME, THINKING_TIMES } from '@rehearse/interview';
import * as z from 'zod/mini';

/**
 * `POST /api/start-interview` body (optional): the role to practise for, else the profile's; and how long
 * Noah waits through a silence before answering (docs/turn-taking.md), `normal` unless given. Both apply to
 * a new interview only: a resumed one keeps what it was started with.
 */
export const startInterviewRequest = z.strictObject({
  target_role: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  thinking_time: z._default(z.enum(THINKING_TIMES), DEFAULT_THINKING_TIME),
});
export type StartInterviewRequest = z.infer<typeof startInterviewRequest>;

/** `POST /api/start-interview` → 200: how to join the interview's room. */
export const startInterviewResponse = z.object({
  token: z.string().check(z.minLength(1)),
  room_name: z.string().check(z.minLength(1)),
  identity: z.string().check(z.minLength(1)),
  livekit_url: z.string().check(z.minLength(1)),
  interview_id: z.string().check(z.minLength(1)),
  /** True when an unfinished interview continues (in its live room, or in a new one if that room is gone). */
  resumed: z.boolean(),
  /** The interview's thinking time: the one asked for, or on a resume the one it was started with. */
  thinking_time: z.enum(THINKING_TIMES),
});
export type StartInterviewResponse = z.infer<typeof startInterviewResponse>;
