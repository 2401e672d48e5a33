import {
  API_PATHS,
  interviewReportResponse,
  PROGRESS_INTERVIEW_LIMIT,
  progressResponse,
} from '@rehearse/api-contract';
import { createDatabase, type Database } from '@rehearse/db';
import { startApiStack } from '@rehearse/test-stack/api-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, readContract } from '@rehearse/test-stack/http';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { type SeededAnswer, seedCompletedInterview } from '../support/seed-interviews.ts';

/**
 * GET /api/progress and the report's delivery through the real stack: interviews, answers and
 * `answer_recordings` rows seeded in the database the web app reads.
 */

let stack: Stack;
let database: Database;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startApiStack();
  database = createDatabase({ url: stack.databaseUrl, queryTimeoutMs: 5000 });
});

afterAll(async () => {
  await database?.close();
  await stack?.stop();
});

const words = (count: number) => Array.from({ length: count }, () => 'word').join(' ');
const DAY_MS = 86_400_000;

/** A 60 s story answer: 60 s voiced in two stretches 4 s apart, `wordCount` words with two "um", Noah 20 s. */
function answer(questionId: string, score: number, wordCount: number): SeededAnswer {
  return {
    questionId,
    scores: [{ competency: 'communication', score, evidence: 'Clear.' }],
    recording: {
      durationMs: 70_000,
      speechSegments: [
        { startMs: 1_000, endMs: 31_000 },
        { startMs: 35_000, endMs: 65_000 },
      ],
      agentSpeechMs: 20_000,
      candidateText: `um ${words(wordCount - 2)} um`,
    },
  };
}

async function progressOf(idToken: string) {
  const response = await getJson(stack.web.url, API_PATHS.progress, idToken);
  expect(response.status).toBe(200);
  return (await readContract(response, progressResponse)).interviews;
}

describe('GET /api/progress', () => {
  it('refuses a request without a valid ID token (401)', async () => {
    expect((await getJson(stack.web.url, API_PATHS.progress)).status).toBe(401);
    expect((await getJson(stack.web.url, API_PATHS.progress, 'not-a-token')).status).toBe(401);
  });

  it('is empty for a user with no completed interview', async () => {
    const user = await signUpUser(stack.auth.host);
    expect(await progressOf(user.idToken)).toEqual([]);
  });

  it('returns one completed interview with its scores and delivery', async () => {
    const user = await signUpUser(stack.auth.host);
    const id = await seedCompletedInterview(database, user, {
      endedAt: new Date(Date.now() - DAY_MS),
      answers: [answer('swe-2', 4, 150)],
    });
    const [point, ...rest] = await progressOf(user.idToken);
    expect(rest).toEqual([]);
    expect(point).toMatchObject({
      interview_id: id,
      overall: 4,
      competency_scores: [{ competency: 'communication', average: 4 }],
      delivery: {
        answer_count: 1,
        word_count: 150,
        filler_count: 2,
        long_pause_count: 1,
        longest_pause_ms: 4_000,
        measures: {
          pace: { value: 150, band: 'good' },
          fillers: { value: 2, band: 'good' },
          long_pauses: { value: 1, band: 'good' },
          talk_ratio: { value: 0.75, band: 'good' },
          answer_length: { value: 1, band: 'good' },
        },
      },
    });
  });

  it("returns three interviews oldest first, only the owner's, without recordings as delivery null", async () => {
    const owner = await signUpUser(stack.auth.host);
    const stranger = await signUpUser(stack.auth.host);
    const now = Date.now();
    const ids = [];
    // Seeded out of order: the answer is sorted by when each ended.
    for (const [daysAgo, score, wordCount] of [
      [2, 3, 110],
      [3, 2, 90],
      [1, 5, 160],
    ] as const) {
      ids.push(
        await seedCompletedInterview(database, owner, {
          endedAt: new Date(now - daysAgo * DAY_MS),
          answers: [answer('swe-3', score, wordCount)],
        }),
      );
    }
    const strangers = await seedCompletedInterview(database, stranger, {
      endedAt: new Date(now),
      answers: [
        {
          questionId: 'gen-1',
          scores: [{ competency: 'ownership', score: 2, evidence: 'Vague.' }],
          recording: null,
        },
      ],
    });

    const points = await progressOf(owner.idToken);
    expect(points.map((point) => point.interview_id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(points.map((point) => point.overall)).toEqual([2, 3, 5]);
    expect(points.map((point) => point.delivery?.measures.pace.value)).toEqual([90, 110, 160]);
    expect(points.map((point) => point.delivery?.measures.pace.band)).toEqual(['work_on', 'watch', 'good']);

    const theirs = await progressOf(stranger.idToken);
    expect(theirs).toEqual([expect.objectContaining({ interview_id: strangers, delivery: null })]);
  });

  it(`returns at most the newest ${PROGRESS_INTERVIEW_LIMIT} completed interviews`, async () => {
    const user = await signUpUser(stack.auth.host);
    const total = PROGRESS_INTERVIEW_LIMIT + 2;
    for (let index = 0; index < total; index += 1) {
      await seedCompletedInterview(database, user, {
        endedAt: new Date(Date.now() - (total - index) * DAY_MS),
        answers: [
          {
            questionId: 'gen-2',
            scores: [{ competency: 'problem_solving', score: 1 + (index % 5), evidence: 'x' }],
            recording: null,
          },
        ],
      });
    }
    const points = await progressOf(user.idToken);
    expect(points).toHaveLength(PROGRESS_INTERVIEW_LIMIT);
    // The two oldest are the ones left out.
    expect(points[0]?.overall).toBe(1 + (2 % 5));
  });
});

describe('GET /api/interviews/:id/report, delivery', () => {
  it('adds each answer’s delivery and the interview’s summary; an answer without recording has none', async () => {
    const user = await signUpUser(stack.auth.host);
    const id = await seedCompletedInterview(database, user, {
      endedAt: new Date(),
      answers: [
        answer('swe-1', 4, 150),
        {
          // The transcription dropped the start: 40 words for 60 s of voice.
          ...answer('swe-2', 3, 40),
        },
        {
          questionId: 'swe-3',
          scores: [{ competency: 'collaboration', score: 3, evidence: 'x' }],
          recording: null,
        },
      ],
    });
    const response = await getJson(stack.web.url, API_PATHS.interviewReport(id), user.idToken);
    expect(response.status).toBe(200);
    const report = await readContract(response, interviewReportResponse);
    const [first, dropped, unrecorded] = report.answers;
    expect(first?.delivery).toMatchObject({
      target: { min_seconds: 90, max_seconds: 180 },
      transcript_complete: true,
      fillers: [{ filler: 'um', count: 2 }],
      measures: { pace: { value: 150, band: 'good' }, answer_length: { value: 64, band: 'watch' } },
    });
    expect(dropped?.delivery).toMatchObject({
      transcript_complete: false,
      measures: { pace: { value: null, band: null, unmeasured: 'not_enough_transcript' } },
    });
    expect(unrecorded?.delivery).toBeNull();
    expect(report.delivery).toMatchObject({
      answer_count: 2,
      answers_with_incomplete_transcript: 1,
      measures: { pace: { value: 150 } },
    });
  });
});
