import { describe, expect, it } from 'vitest';
import {
  API_PATHS,
  apiErrorBody,
  interviewIdParam,
  interviewReportResponse,
  listInterviewsResponse,
  startInterviewRequest,
  startInterviewResponse,
} from '../src/index.ts';

const summary = {
  id: '0c3c1f46-5b3c-4f38-9b0a-7c1d2e3f4a5b',
  status: 'completed',
  phase: 'completed',
  role: null,
  question_number: 3,
  question_count: 3,
  has_report: true,
  created_at: '2026-01-01T00:00:00.000Z',
  started_at: null,
  ended_at: '2026-01-01T00:10:00.000Z',
};

describe('the web API contract', () => {
  it('accepts the shapes the server sends', () => {
    expect(listInterviewsResponse.safeParse({ interviews: [summary] }).success).toBe(true);
    const report = interviewReportResponse.safeParse({
      interview: summary,
      report: {
        competency_scores: [{ competency: 'ownership', average: 4, count: 1 }],
        overall: 4,
        strengths: ['Clear'],
        improvements: [],
        // The stored report also carries its answers: not part of the contract, so not sent twice.
        answers: [{ questionId: 'q' }],
      },
      answers: [
        {
          question_id: 'q',
          question_text: 'Q?',
          summary: 'A.',
          scores: [{ competency: 'ownership', score: 4, evidence: 'Led it.' }],
          created_at: '2026-01-01T00:05:00.000Z',
        },
      ],
    });
    expect(report.success && report.data.report).not.toHaveProperty('answers');
  });

  it('rejects answers with missing, mistyped or out-of-range fields', () => {
    expect(
      listInterviewsResponse.safeParse({ interviews: [{ ...summary, has_report: 'yes' }] }).success,
    ).toBe(false);
    expect(listInterviewsResponse.safeParse({ interviews: [{ ...summary, phase: 'lunch' }] }).success).toBe(
      false,
    );
    expect(
      listInterviewsResponse.safeParse({ interviews: [{ ...summary, question_number: -1 }] }).success,
    ).toBe(false);
    expect(listInterviewsResponse.safeParse(null).success).toBe(false);
    expect(
      startInterviewResponse.safeParse({
        token: 't',
        room_name: 'r',
        identity: 'u',
        livekit_url: 'ws://x',
        interview_id: 'i',
      }).success,
    ).toBe(false);
    expect(apiErrorBody.safeParse({ error: 'x', message: 'y' }).success).toBe(false);
  });

  it('validates request bodies strictly and trims the role', () => {
    expect(startInterviewRequest.parse({ target_role: '  Backend  ' })).toEqual({
      target_role: 'Backend',
      thinking_time: 'normal',
    });
    expect(startInterviewRequest.parse({})).toEqual({ thinking_time: 'normal' });
    expect(startInterviewRequest.safeParse({ target_role: '   ' }).success).toBe(false);
    expect(startInterviewRequest.safeParse({ target_role: 'x'.repeat(101) }).success).toBe(false);
    expect(startInterviewRequest.safeParse({ role: 'Backend' }).success).toBe(false);
  });

  it('takes a thinking time of short, normal or long (normal unless given) and refuses anything else', () => {
    for (const thinkingTime of ['short', 'normal', 'long'])
      expect(startInterviewRequest.parse({ thinking_time: thinkingTime })).toEqual({
        thinking_time: thinkingTime,
      });
    for (const wrong of ['Long', 'medium', '', 3000, null, ['long']])
      expect(startInterviewRequest.safeParse({ thinking_time: wrong }).success).toBe(false);
    const answer = {
      token: 't',
      room_name: 'r',
      identity: 'u',
      livekit_url: 'ws://x',
      interview_id: 'i',
      resumed: false,
    };
    expect(startInterviewResponse.safeParse({ ...answer, thinking_time: 'long' }).success).toBe(true);
    expect(startInterviewResponse.safeParse(answer).success).toBe(false);
  });

  it('names paths once, with ids escaped', () => {
    expect(API_PATHS.interviewReport('a/b')).toBe('/api/interviews/a%2Fb/report');
    expect(interviewIdParam.safeParse('../etc').success).toBe(false);
    expect(interviewIdParam.safeParse(summary.id).success).toBe(true);
  });
});
