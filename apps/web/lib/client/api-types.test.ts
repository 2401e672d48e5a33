import { MAX_SCORE as DOMAIN_MAX_SCORE } from '@rehearse/interview';
import { describe, expect, it } from 'vitest';
import { isInterviewList, isInterviewReportResponse, isStartBotResponse } from './api-types.ts';
import { MAX_SCORE } from './score-scale.ts';

const summary = {
  id: 'i1',
  status: 'completed',
  phase: 'completed',
  role: null,
  question_index: 1,
  question_count: 1,
  has_report: true,
  created_at: '2026-01-01T00:00:00.000Z',
  started_at: null,
  ended_at: null,
};

describe('API answer checks', () => {
  it('accepts the shapes the server sends', () => {
    expect(isInterviewList({ interviews: [summary] })).toBe(true);
    expect(
      isInterviewReportResponse({
        interview: summary,
        report: {
          competencyScores: [{ competency: 'ownership', average: 4, count: 1 }],
          overall: 4,
          strengths: [],
          improvements: [],
        },
        answers: [
          {
            question_id: 'q',
            question_text: 'Q?',
            summary: 'A.',
            scores: [{ competency: 'ownership', score: 4, evidence: 'Led it.' }],
          },
        ],
      }),
    ).toBe(true);
    expect(isInterviewReportResponse({ interview: summary, report: null, answers: [] })).toBe(true);
  });

  it('rejects answers with missing or mistyped fields', () => {
    expect(isInterviewList({ interviews: [{ ...summary, has_report: 'yes' }] })).toBe(false);
    expect(isInterviewList(null)).toBe(false);
    expect(
      isStartBotResponse({
        token: 't',
        room_name: 'r',
        identity: 'u',
        livekit_url: 'ws://x',
        interview_id: 'i',
      }),
    ).toBe(false);
  });

  it('uses the domain score scale', () => {
    expect(MAX_SCORE).toBe(DOMAIN_MAX_SCORE);
  });
});
