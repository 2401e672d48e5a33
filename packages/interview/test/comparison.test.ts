import { describe, expect, it } from 'vitest';
import {
  compareWithPrevious,
  FILLERS_THRESHOLD,
  PACE_THRESHOLD,
  SCORE_TREND_THRESHOLD,
} from '../src/index.ts';

describe('compareWithPrevious', () => {
  it('compares with the mean of the measured previous values', () => {
    expect(compareWithPrevious(4, [3, null, 2], SCORE_TREND_THRESHOLD)).toEqual({
      previousAverage: 2.5,
      delta: 1.5,
      trend: 'better',
    });
    expect(compareWithPrevious(2, [3], SCORE_TREND_THRESHOLD)?.trend).toBe('worse');
    expect(compareWithPrevious(3, [3], SCORE_TREND_THRESHOLD)?.trend).toBe('steady');
  });

  it('is null without a current value or any previous one', () => {
    expect(compareWithPrevious(null, [3], SCORE_TREND_THRESHOLD)).toBeNull();
    expect(compareWithPrevious(3, [], SCORE_TREND_THRESHOLD)).toBeNull();
    expect(compareWithPrevious(3, [null], SCORE_TREND_THRESHOLD)).toBeNull();
  });

  it('calls fewer fillers better, though the number went down', () => {
    expect(compareWithPrevious(4, [8], FILLERS_THRESHOLD)).toMatchObject({ delta: -4, trend: 'better' });
  });

  it('judges pace by its distance from the good range: slowing down from too fast is better', () => {
    expect(compareWithPrevious(190, [220], PACE_THRESHOLD)?.trend).toBe('better');
    expect(compareWithPrevious(100, [130], PACE_THRESHOLD)?.trend).toBe('worse');
    expect(compareWithPrevious(170, [130], PACE_THRESHOLD)).toMatchObject({ delta: 40, trend: 'steady' });
  });
});
