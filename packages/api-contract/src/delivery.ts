import { DELIVERY_BANDS, UNMEASURED_REASONS } from '@rehearse/interview';
import * as z from 'zod/mini';

const count = z.int().check(z.minimum(0));
const milliseconds = z.int().check(z.minimum(0));

/** One delivery measure: its value (null when not measured, with the reason), its band and one line of advice. */
export const deliveryMeasureView = z.object({
  value: z.nullable(z.number()),
  band: z.nullable(z.enum(DELIVERY_BANDS)),
  unmeasured: z.nullable(z.enum(UNMEASURED_REASONS)),
  advice: z.string(),
});
export type DeliveryMeasureView = z.infer<typeof deliveryMeasureView>;

/** Keyed by the domain's DELIVERY_MEASURES; units and thresholds in packages/interview/src/delivery-thresholds.ts. */
const deliveryMeasures = z.object({
  /** Words per minute of voiced time. */
  pace: deliveryMeasureView,
  /** Fillers per minute of transcribed speech. */
  fillers: deliveryMeasureView,
  /** Pauses of 3 s or more: in an answer, or per answer in a summary. */
  long_pauses: deliveryMeasureView,
  /** The candidate's share of the speaking time, 0–1. */
  talk_ratio: deliveryMeasureView,
  /** Seconds for an answer; the share of answers on target (0–1) in a summary. */
  answer_length: deliveryMeasureView,
});

const deliveryTotals = {
  voiced_ms: milliseconds,
  word_count: count,
  filler_count: count,
  long_pause_count: count,
  longest_pause_ms: milliseconds,
  agent_speech_ms: milliseconds,
};

/** How one answer was delivered, from its recording's timing and transcript (null in an answer without one). */
export const answerDeliveryView = z.object({
  ...deliveryTotals,
  answer_ms: milliseconds,
  target: z.object({ min_seconds: count, max_seconds: count }),
  /** False when the transcript is implausibly short for the voiced time: words were dropped. */
  transcript_complete: z.boolean(),
  fillers: z.array(z.object({ filler: z.string(), count: z.int().check(z.minimum(1)) })),
  measures: deliveryMeasures,
});
export type AnswerDeliveryView = z.infer<typeof answerDeliveryView>;

/** One interview's delivery over its recorded answers. */
export const deliverySummaryView = z.object({
  ...deliveryTotals,
  answer_count: count,
  answers_on_target: count,
  answers_with_incomplete_transcript: count,
  measures: deliveryMeasures,
});
export type DeliverySummaryView = z.infer<typeof deliverySummaryView>;
