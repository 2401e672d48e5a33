import { z } from 'zod';
import { COMPETENCIES, type Competency, parseCompetency } from './competencies.ts';
import { MAX_SCORE, MIN_SCORE } from './score-scale.ts';

export const MAX_EVIDENCE_LENGTH = 280;

/** One competency's score for one answer, with the evidence the interviewer heard. */
export interface Score {
  competency: Competency;
  /** Integer from 1 (no evidence of the skill) to 5 (exceptional). */
  score: number;
  /** Short, non-empty note: what in the answer justifies the score. */
  evidence: string;
}

export const scoreSchema = z.object({
  competency: z.enum(COMPETENCIES),
  score: z.number().int().min(MIN_SCORE).max(MAX_SCORE),
  evidence: z.string().trim().min(1).max(MAX_EVIDENCE_LENGTH),
});

/** A score as a model may send it, before validation. */
export interface ScoreInput {
  competency: string;
  score: number;
  evidence: string;
}

export type ScoresValidation = { ok: true; scores: Score[] } | { ok: false; error: string };

const COMPETENCY_LIST = COMPETENCIES.join(', ');

/**
 * Validates the scores for one answer. Errors are sentences the model can act on, because they
 * are returned to it as the tool result.
 */
export function validateScores(input: readonly ScoreInput[]): ScoresValidation {
  if (input.length === 0) {
    return {
      ok: false,
      error: `No scores given: score at least one competency (${COMPETENCY_LIST}) from ${MIN_SCORE} to ${MAX_SCORE}.`,
    };
  }
  const scores: Score[] = [];
  for (const item of input) {
    const competency = parseCompetency(String(item.competency));
    if (competency === null) {
      return {
        ok: false,
        error: `Unknown competency "${item.competency}": use one of ${COMPETENCY_LIST}.`,
      };
    }
    if (scores.some((existing) => existing.competency === competency)) {
      return {
        ok: false,
        error: `Competency ${competency} is scored twice: give each competency at most one score per answer.`,
      };
    }
    if (!Number.isInteger(item.score) || item.score < MIN_SCORE || item.score > MAX_SCORE) {
      return {
        ok: false,
        error: `Score for ${competency} must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}, not ${item.score}.`,
      };
    }
    const evidence = typeof item.evidence === 'string' ? item.evidence.trim() : '';
    if (evidence.length === 0) {
      return {
        ok: false,
        error: `Evidence for ${competency} is empty: add a short note on what the candidate said that justifies the score.`,
      };
    }
    if (evidence.length > MAX_EVIDENCE_LENGTH) {
      return {
        ok: false,
        error: `Evidence for ${competency} is ${evidence.length} characters: shorten it to at most ${MAX_EVIDENCE_LENGTH}.`,
      };
    }
    scores.push({ competency, score: item.score, evidence });
  }
  return { ok: true, scores };
}

export interface CompetencyScore {
  competency: Competency;
  /** Mean of this competency's scores, rounded to one decimal. */
  average: number;
  /** How many answers scored this competency. */
  count: number;
}

/** Rounds to one decimal, the precision the report shows ("3.7 / 5"). */
export function roundScore(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Averages per competency over all answers, in COMPETENCIES order; competencies never scored
 * are left out rather than shown as zero.
 */
export function competencyAverages(answers: ReadonlyArray<{ scores: readonly Score[] }>): CompetencyScore[] {
  return scoredCompetencies(answers).map(({ competency, values }) => ({
    competency,
    average: roundScore(mean(values)),
    count: values.length,
  }));
}

/**
 * The overall score: the mean of the per-competency means (unrounded, then rounded), so a
 * competency asked about often does not outweigh the others. Null when nothing was scored.
 */
export function overallScore(answers: ReadonlyArray<{ scores: readonly Score[] }>): number | null {
  const means = scoredCompetencies(answers).map(({ values }) => mean(values));
  return means.length === 0 ? null : roundScore(mean(means));
}

function scoredCompetencies(
  answers: ReadonlyArray<{ scores: readonly Score[] }>,
): Array<{ competency: Competency; values: number[] }> {
  return COMPETENCIES.flatMap((competency) => {
    const values = answers.flatMap((answer) =>
      answer.scores.filter((score) => score.competency === competency).map((score) => score.score),
    );
    return values.length === 0 ? [] : [{ competency, values }];
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
