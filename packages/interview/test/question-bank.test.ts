import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_QUESTION,
  COMPETENCIES,
  DEFAULT_QUESTION_COUNT,
  QUESTION_BANK,
  questionById,
  questionsFor,
  TARGET_ROLES,
} from '../src/index.ts';

const PREFIXES = {
  software_engineer: 'swe',
  product_manager: 'pm',
  data_scientist: 'ds',
  designer: 'des',
  general: 'gen',
} as const;

describe('question bank', () => {
  it.each(TARGET_ROLES)('has five well-formed questions for %s with stable ids', (role) => {
    const questions = QUESTION_BANK[role];
    expect(questions.map((question) => question.id)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${PREFIXES[role]}-${n}`),
    );
    for (const question of questions) {
      expect(question.text.trim().length).toBeGreaterThan(20);
      expect(question.competencies.length).toBeGreaterThan(0);
      for (const competency of question.competencies) expect(COMPETENCIES).toContain(competency);
    }
  });

  it('has globally unique ids, none of them "background"', () => {
    const ids = Object.values(QUESTION_BANK).flatMap((questions) => questions.map((question) => question.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(BACKGROUND_QUESTION.id);
  });

  it('returns all of a role by default, or the first count', () => {
    expect(questionsFor('designer')).toEqual(QUESTION_BANK.designer);
    expect(questionsFor('designer')).not.toBe(QUESTION_BANK.designer);
    expect(questionsFor('product_manager', 2).map((question) => question.id)).toEqual(['pm-1', 'pm-2']);
    expect(questionsFor('general', 50)).toHaveLength(5);
    expect(DEFAULT_QUESTION_COUNT).toBeLessThanOrEqual(5);
  });

  it('rejects a count that is not a positive integer', () => {
    expect(() => questionsFor('general', 0)).toThrow(RangeError);
    expect(() => questionsFor('general', 1.5)).toThrow(RangeError);
  });

  it('finds any question by id, the background question included', () => {
    expect(questionById('ds-3')?.text).toBe(QUESTION_BANK.data_scientist[2]?.text);
    expect(questionById('background')).toBe(BACKGROUND_QUESTION);
    expect(questionById('swe-99')).toBeUndefined();
  });
});
