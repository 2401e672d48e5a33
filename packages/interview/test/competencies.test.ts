import { describe, expect, it } from 'vitest';
import { COMPETENCIES, COMPETENCY_LABELS, isCompetency, parseCompetency } from '../src/index.ts';

describe('competencies', () => {
  it('has the five competencies, each labelled', () => {
    expect(COMPETENCIES).toEqual([
      'communication',
      'problem_solving',
      'technical_depth',
      'ownership',
      'collaboration',
    ]);
    expect(COMPETENCY_LABELS.problem_solving).toBe('Problem solving');
    for (const competency of COMPETENCIES) expect(COMPETENCY_LABELS[competency]).not.toBe('');
  });

  it('parses loose spellings and rejects unknown ones', () => {
    expect(parseCompetency('Problem Solving')).toBe('problem_solving');
    expect(parseCompetency(' technical-depth ')).toBe('technical_depth');
    expect(parseCompetency('OWNERSHIP')).toBe('ownership');
    expect(parseCompetency('leadership')).toBeNull();
    expect(isCompetency('collaboration')).toBe(true);
    expect(isCompetency('Collaboration')).toBe(false);
  });
});
