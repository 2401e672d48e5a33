import { describe, expect, it } from 'vitest';
import {
  answerLengthThreshold,
  bandOf,
  DELIVERY_MEASURE_INFO,
  DELIVERY_MEASURES,
  distanceFromGood,
  FILLERS_THRESHOLD,
  LONG_PAUSES_THRESHOLD,
  PACE_THRESHOLD,
  STORY_TARGET,
  TALK_RATIO_THRESHOLD,
} from '../src/index.ts';

describe('bandOf', () => {
  it.each([
    [99, 'work_on'],
    [100, 'watch'],
    [119, 'watch'],
    [120, 'good'],
    [180, 'good'],
    [181, 'watch'],
    [200, 'watch'],
    [201, 'work_on'],
  ] as const)('pace %d wpm is %s', (wpm, band) => {
    expect(bandOf(wpm, PACE_THRESHOLD)).toBe(band);
  });

  it.each([
    [0, 'good'],
    [3, 'good'],
    [3.1, 'watch'],
    [6, 'watch'],
    [6.1, 'work_on'],
  ] as const)('%d fillers a minute is %s', (rate, band) => {
    expect(bandOf(rate, FILLERS_THRESHOLD)).toBe(band);
  });

  it.each([
    [0, 'good'],
    [1, 'good'],
    [2, 'watch'],
    [3, 'watch'],
    [4, 'work_on'],
  ] as const)('%d long pauses in an answer is %s', (count, band) => {
    expect(bandOf(count, LONG_PAUSES_THRESHOLD)).toBe(band);
  });

  it.each([
    [1, 'good'],
    [0.6, 'good'],
    [0.59, 'watch'],
    [0.45, 'watch'],
    [0.44, 'work_on'],
  ] as const)('a talk share of %d is %s', (ratio, band) => {
    expect(bandOf(ratio, TALK_RATIO_THRESHOLD)).toBe(band);
  });

  it.each([
    [29, 'work_on'],
    [30, 'watch'],
    [59, 'watch'],
    [60, 'good'],
    [120, 'good'],
    [121, 'watch'],
    [180, 'watch'],
    [181, 'work_on'],
  ] as const)('a %d s answer to a story question (60–120 s) is %s', (seconds, band) => {
    expect(bandOf(seconds, answerLengthThreshold(STORY_TARGET))).toBe(band);
  });
});

describe('distanceFromGood', () => {
  it('is 0 inside the good band and grows away from it, whichever way the measure points', () => {
    expect(distanceFromGood(150, PACE_THRESHOLD)).toBe(0);
    expect(distanceFromGood(90, PACE_THRESHOLD)).toBe(30);
    expect(distanceFromGood(200, PACE_THRESHOLD)).toBe(20);
    expect(distanceFromGood(2, FILLERS_THRESHOLD)).toBe(0);
    expect(distanceFromGood(5, FILLERS_THRESHOLD)).toBe(2);
    expect(distanceFromGood(0.5, TALK_RATIO_THRESHOLD)).toBeCloseTo(0.1);
  });
});

describe('DELIVERY_MEASURE_INFO', () => {
  it('explains every measure with the numbers of its threshold', () => {
    for (const measure of DELIVERY_MEASURES) expect(DELIVERY_MEASURE_INFO[measure].explanation).not.toBe('');
    expect(DELIVERY_MEASURE_INFO.pace.explanation).toContain('120–180');
    expect(DELIVERY_MEASURE_INFO.long_pauses.label).toBe('Pauses over 3 s');
    expect(DELIVERY_MEASURE_INFO.long_pauses.explanation).toMatch(/^A pause to think is fine/);
    expect(DELIVERY_MEASURE_INFO.talk_ratio.explanation).toContain('60 %');
  });
});
