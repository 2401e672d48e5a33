import { COMPETENCIES, MAX_SCORE, MIN_SCORE } from '@rehearse/interview';
import * as z from 'zod/mini';
import { deliverySummaryView } from './delivery.ts';

const score = z.number().check(z.minimum(MIN_SCORE), z.maximum(MAX_SCORE));

/** How many of the newest completed interviews `GET /api/progress` returns. */
export const PROGRESS_INTERVIEW_LIMIT = 12;

/** One completed interview as a point on the user's progress. */
export const progressPoint = z.object({
  interview_id: z.string(),
  ended_at: z.iso.datetime(),
  role: z.nullable(z.string()),
  overall: z.nullable(score),
  competency_scores: z.array(z.object({ competency: z.enum(COMPETENCIES), average: score })),
  /** Null when none of its answers has a recording. */
  delivery: z.nullable(deliverySummaryView),
});
export type ProgressPoint = z.infer<typeof progressPoint>;

/** `GET /api/progress` → 200: the user's newest completed interviews, oldest first. */
export const progressResponse = z.object({
  interviews: z.array(progressPoint).check(z.maxLength(PROGRESS_INTERVIEW_LIMIT)),
});
export type ProgressResponse = z.infer<typeof progressResponse>;
