import { distanceFromGood, type FloorThreshold, type Threshold } from './delivery-thresholds.ts';
import { MAX_SCORE } from './score-scale.ts';

export type Trend = 'better' | 'worse' | 'steady';

export interface Comparison {
  /** The mean of the previous interviews' values that were measured. */
  previousAverage: number;
  /** This interview's value minus that mean. */
  delta: number;
  /** Judged by the distance from the good band, so "better" is right whichever way a measure points. */
  trend: Trend;
}

/** Competency scores: higher is better, all the way to the top of the scale. */
export const SCORE_TREND_THRESHOLD: FloorThreshold = { kind: 'at_least', good: MAX_SCORE, watch: MAX_SCORE };

/** Differences in distance smaller than this are noise from rounding, not a change. */
const EPSILON = 1e-9;

/**
 * This interview's value against the average of the previous ones; null when either side has nothing
 * measured.
 */
export function compareWithPrevious(
  current: number | null,
  previous: readonly (number | null)[],
  threshold: Threshold,
): Comparison | null {
  const values = previous.filter((value): value is number => value !== null);
  if (current === null || values.length === 0) return null;
  const previousAverage = values.reduce((sum, value) => sum + value, 0) / values.length;
  const change = distanceFromGood(current, threshold) - distanceFromGood(previousAverage, threshold);
  return {
    previousAverage,
    delta: current - previousAverage,
    trend: change < -EPSILON ? 'better' : change > EPSILON ? 'worse' : 'steady',
  };
}
