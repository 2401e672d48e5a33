/**
 * Every delivery threshold in one place, each with the plain-language reason shown beside it in the report.
 * Why these numbers: docs/delivery-analytics.md.
 */

export const DELIVERY_BANDS = ['good', 'watch', 'work_on'] as const;
export type DeliveryBand = (typeof DELIVERY_BANDS)[number];

export const DELIVERY_BAND_LABELS: Readonly<Record<DeliveryBand, string>> = {
  good: 'Good',
  watch: 'Watch',
  work_on: 'Work on it',
};

export const DELIVERY_MEASURES = ['pace', 'fillers', 'long_pauses', 'talk_ratio', 'answer_length'] as const;
export type DeliveryMeasure = (typeof DELIVERY_MEASURES)[number];

/** Good inside [goodMin, goodMax], watch inside [watchMin, watchMax], otherwise work on it (edges inclusive). */
export interface RangeThreshold {
  kind: 'range';
  goodMin: number;
  goodMax: number;
  watchMin: number;
  watchMax: number;
}

/** Lower is better: good up to `good`, watch up to `watch` (inclusive). */
export interface CeilingThreshold {
  kind: 'at_most';
  good: number;
  watch: number;
}

/** Higher is better: good from `good`, watch from `watch` (inclusive). */
export interface FloorThreshold {
  kind: 'at_least';
  good: number;
  watch: number;
}

export type Threshold = RangeThreshold | CeilingThreshold | FloorThreshold;

/** Words per minute of voiced time (pauses between phrases left out, so higher than a words-per-clock-minute). */
export const PACE_THRESHOLD: RangeThreshold = {
  kind: 'range',
  goodMin: 120,
  goodMax: 180,
  watchMin: 100,
  watchMax: 200,
};

/** Fillers per minute of transcribed speech. */
export const FILLERS_THRESHOLD: CeilingThreshold = { kind: 'at_most', good: 3, watch: 6 };

/** A gap between two voiced stretches of an answer at least this long is a long pause. */
export const LONG_PAUSE_MS = 3_000;

/** Long pauses per answer. */
export const LONG_PAUSES_THRESHOLD: CeilingThreshold = { kind: 'at_most', good: 1, watch: 3 };

/** The candidate's share of the speaking time (candidate ÷ (candidate + Noah)). */
export const TALK_RATIO_THRESHOLD: FloorThreshold = { kind: 'at_least', good: 0.6, watch: 0.45 };

/**
 * An answer's length against its question's target: inside the target is good; from half the shortest to
 * one and a half times the longest is watch.
 */
export const ANSWER_LENGTH_WATCH_FACTORS = { short: 0.5, long: 1.5 } as const;

/** The share of an interview's answers inside their target length. */
export const ON_TARGET_SHARE_THRESHOLD: FloorThreshold = { kind: 'at_least', good: 0.75, watch: 0.5 };

/**
 * Below this much voiced time a rate (pace, fillers per minute) says more about chance than about the
 * speaker: one "um" in 10 s would be 6 per minute.
 */
export const MIN_VOICED_MS_FOR_RATES = 10_000;

/**
 * A transcript implying fewer words per minute of voiced time than this has lost words (Gemini's input
 * transcription can drop the start of a long answer): pace is then not reported.
 */
export const MIN_PLAUSIBLE_WPM = 60;

/** The pace assumed to estimate how much speech an incomplete transcript covers (for fillers per minute). */
export const REFERENCE_WPM = 150;

export interface AnswerTarget {
  minSeconds: number;
  maxSeconds: number;
}

export function answerLengthThreshold(target: AnswerTarget): RangeThreshold {
  return {
    kind: 'range',
    goodMin: target.minSeconds,
    goodMax: target.maxSeconds,
    watchMin: target.minSeconds * ANSWER_LENGTH_WATCH_FACTORS.short,
    watchMax: target.maxSeconds * ANSWER_LENGTH_WATCH_FACTORS.long,
  };
}

/** The threshold each interview-level value is banded by (answer length: the share of answers on target). */
export const SUMMARY_THRESHOLDS: Readonly<Record<DeliveryMeasure, Threshold>> = {
  pace: PACE_THRESHOLD,
  fillers: FILLERS_THRESHOLD,
  long_pauses: LONG_PAUSES_THRESHOLD,
  talk_ratio: TALK_RATIO_THRESHOLD,
  answer_length: ON_TARGET_SHARE_THRESHOLD,
};

export function bandOf(value: number, threshold: Threshold): DeliveryBand {
  switch (threshold.kind) {
    case 'range':
      if (value >= threshold.goodMin && value <= threshold.goodMax) return 'good';
      return value >= threshold.watchMin && value <= threshold.watchMax ? 'watch' : 'work_on';
    case 'at_most':
      if (value <= threshold.good) return 'good';
      return value <= threshold.watch ? 'watch' : 'work_on';
    case 'at_least':
      if (value >= threshold.good) return 'good';
      return value >= threshold.watch ? 'watch' : 'work_on';
  }
}

/**
 * How far a value lies outside the good band (0 inside it), in the measure's own unit: comparing two
 * interviews by this says which one was better, whichever way the measure points.
 */
export function distanceFromGood(value: number, threshold: Threshold): number {
  switch (threshold.kind) {
    case 'range':
      return Math.max(0, threshold.goodMin - value, value - threshold.goodMax);
    case 'at_most':
      return Math.max(0, value - threshold.good);
    case 'at_least':
      return Math.max(0, threshold.good - value);
  }
}

export interface DeliveryMeasureInfo {
  label: string;
  /** The value's unit as shown after it. */
  unit: string;
  /** The interview-level value's meaning where it differs from the answer's. */
  summaryLabel: string;
  /** What the threshold is and why, in plain language. */
  explanation: string;
}

const seconds = (ms: number) => `${ms / 1000} s`;

export const DELIVERY_MEASURE_INFO: Readonly<Record<DeliveryMeasure, DeliveryMeasureInfo>> = {
  pace: {
    label: 'Pace',
    unit: 'words/min',
    summaryLabel: 'Pace',
    explanation: `${PACE_THRESHOLD.goodMin}–${PACE_THRESHOLD.goodMax} words a minute while speaking is easy to follow; below ${PACE_THRESHOLD.watchMin} sounds hesitant, above ${PACE_THRESHOLD.watchMax} is hard to keep up with.`,
  },
  fillers: {
    label: 'Fillers',
    unit: 'per min',
    summaryLabel: 'Fillers',
    explanation: `Up to ${FILLERS_THRESHOLD.good} a minute goes unnoticed; above ${FILLERS_THRESHOLD.watch} ("um", "you know", "basically"…) listeners start to hear them instead of you.`,
  },
  long_pauses: {
    label: `Pauses over ${seconds(LONG_PAUSE_MS)}`,
    unit: '',
    summaryLabel: `Pauses over ${seconds(LONG_PAUSE_MS)} per answer`,
    explanation: `A pause to think is fine; more than ${LONG_PAUSES_THRESHOLD.good} in an answer breaks its thread, and more than ${LONG_PAUSES_THRESHOLD.watch} sounds unprepared.`,
  },
  talk_ratio: {
    label: 'Your share of talk time',
    unit: '%',
    summaryLabel: 'Your share of talk time',
    explanation: `In an interview you should do most of the talking: ${TALK_RATIO_THRESHOLD.good * 100} % or more is good, below ${TALK_RATIO_THRESHOLD.watch * 100} % the interviewer is carrying the conversation.`,
  },
  answer_length: {
    label: 'Answer length',
    unit: 's',
    summaryLabel: 'Answers on target length',
    explanation:
      'Each question has a target length (a story: 60–120 s); much shorter leaves out the result, much longer loses the listener.',
  },
};
