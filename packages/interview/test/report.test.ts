import { describe, expect, it } from 'vitest';
import { BACKGROUND_QUESTION, buildReport, interviewReportSchema, QUESTION_BANK } from '../src/index.ts';
import { atQuestion } from './fixtures.ts';

describe('buildReport', () => {
  it('computes competency averages and overall, and lists answers with their question text', () => {
    const state = {
      ...atQuestion(1),
      answers: [
        {
          toolCallId: 'a',
          questionId: 'background',
          summary: 'Five years in fintech.',
          scores: [{ competency: 'communication' as const, score: 3, evidence: 'Clear.' }],
        },
        {
          toolCallId: 'b',
          questionId: 'swe-1',
          summary: 'Sharded a database.',
          scores: [
            { competency: 'communication' as const, score: 4, evidence: 'Structured.' },
            { competency: 'technical_depth' as const, score: 5, evidence: 'Explained consistent hashing.' },
          ],
        },
      ],
    };
    const report = buildReport(state, { strengths: ['Depth'], improvements: ['Brevity'] });
    expect(report).toEqual({
      competencyScores: [
        { competency: 'communication', average: 3.5, count: 2 },
        { competency: 'technical_depth', average: 5, count: 1 },
      ],
      overall: 4.3, // (3.5 + 5) / 2 = 4.25 → 4.3
      strengths: ['Depth'],
      improvements: ['Brevity'],
      answers: [
        {
          questionId: 'background',
          questionText: BACKGROUND_QUESTION.text,
          summary: 'Five years in fintech.',
          scores: [{ competency: 'communication', score: 3, evidence: 'Clear.' }],
        },
        {
          questionId: 'swe-1',
          questionText: QUESTION_BANK.software_engineer[0]?.text,
          summary: 'Sharded a database.',
          scores: state.answers[1]?.scores,
        },
      ],
    });
    expect(interviewReportSchema.safeParse(report).success).toBe(true);
  });

  it('does not share arrays with its inputs', () => {
    const state = atQuestion(1);
    const feedback = { strengths: ['Depth'], improvements: ['Brevity'] };
    const report = buildReport(state, feedback);
    feedback.strengths.push('mutated');
    report.answers[0]?.scores.push({ competency: 'ownership', score: 1, evidence: 'x' });
    expect(report.strengths).toEqual(['Depth']);
    expect(state.answers[0]?.scores).toHaveLength(1);
  });
});
