import { describe, expect, it } from 'vitest';
import {
  competencyAverages,
  MAX_EVIDENCE_LENGTH,
  overallScore,
  roundScore,
  type Score,
  type ScoreInput,
  validateScores,
} from '../src/index.ts';

function score(competency: Score['competency'], value: number): Score {
  return { competency, score: value, evidence: 'Said so.' };
}

function errorOf(input: ScoreInput[]): string {
  const result = validateScores(input);
  if (result.ok) throw new Error('expected a validation error');
  return result.error;
}

describe('validateScores', () => {
  it('accepts whole scores 1 to 5 and normalises competency and evidence', () => {
    const result = validateScores([
      { competency: 'Problem Solving', score: 1, evidence: '  Guessed.  ' },
      { competency: 'ownership', score: 5, evidence: 'Led the migration.' },
    ]);
    expect(result).toEqual({
      ok: true,
      scores: [
        { competency: 'problem_solving', score: 1, evidence: 'Guessed.' },
        { competency: 'ownership', score: 5, evidence: 'Led the migration.' },
      ],
    });
  });

  it('needs at least one score', () => {
    expect(errorOf([])).toMatch(/at least one competency/);
  });

  it('rejects unknown competencies and names the valid ones', () => {
    expect(errorOf([{ competency: 'charisma', score: 3, evidence: 'x' }])).toMatch(
      /Unknown competency "charisma".*communication, problem_solving/,
    );
  });

  it('rejects a competency scored twice', () => {
    expect(
      errorOf([
        { competency: 'communication', score: 3, evidence: 'x' },
        { competency: 'Communication', score: 4, evidence: 'y' },
      ]),
    ).toMatch(/communication is scored twice/);
  });

  it.each([0, 6, 3.5, -1, Number.NaN])('rejects score %s', (value) => {
    expect(errorOf([{ competency: 'communication', score: value, evidence: 'x' }])).toMatch(
      /whole number from 1 to 5/,
    );
  });

  it('rejects empty or over-long evidence', () => {
    expect(errorOf([{ competency: 'communication', score: 3, evidence: '   ' }])).toMatch(
      /Evidence for communication is empty/,
    );
    expect(
      errorOf([{ competency: 'communication', score: 3, evidence: 'x'.repeat(MAX_EVIDENCE_LENGTH + 1) }]),
    ).toMatch(/281 characters: shorten it to at most 280/);
    expect(
      validateScores([{ competency: 'communication', score: 3, evidence: 'x'.repeat(MAX_EVIDENCE_LENGTH) }])
        .ok,
    ).toBe(true);
  });
});

describe('averages', () => {
  const answers = [
    { scores: [score('communication', 4), score('technical_depth', 5)] },
    { scores: [score('communication', 3), score('ownership', 2)] },
    { scores: [score('communication', 4)] },
  ];

  it('averages each scored competency in canonical order, rounded to one decimal', () => {
    expect(competencyAverages(answers)).toEqual([
      { competency: 'communication', average: 3.7, count: 3 },
      { competency: 'technical_depth', average: 5, count: 1 },
      { competency: 'ownership', average: 2, count: 1 },
    ]);
  });

  it('weighs competencies equally in the overall score, rounding only at the end', () => {
    // (11/3 + 5 + 2) / 3 = 3.555… → 3.6
    expect(overallScore(answers)).toBe(3.6);
    const differs = [
      { scores: [score('communication', 1), score('ownership', 1)] },
      { scores: [score('communication', 2)] },
      { scores: [score('communication', 2)] },
    ];
    // communication 5/3 = 1.666…, ownership 1 → overall 1.333… → 1.3; from the rounded 1.7 it would be 1.35 → 1.4.
    expect(overallScore(differs)).toBe(1.3);
  });

  it('is empty / null when nothing was scored', () => {
    expect(competencyAverages([])).toEqual([]);
    expect(overallScore([])).toBeNull();
    expect(overallScore([{ scores: [] }])).toBeNull();
  });

  it('rounds to one decimal', () => {
    expect(roundScore(3.25)).toBe(3.3);
    expect(roundScore(3.24)).toBe(3.2);
    expect(roundScore(4)).toBe(4);
  });
});
