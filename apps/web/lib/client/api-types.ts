/**
 * The shapes of our API's answers (apps/web/lib/server/interview-views.ts, start-interview.ts) and small
 * structural checks for them. Hand-written rather than zod: a schema library would add ~25 kB (gzip) to every
 * page for data our own server produced; a check still turns a mismatched deploy into a clear error.
 */

export interface InterviewSummary {
  id: string;
  status: string;
  phase: string;
  role: string | null;
  question_index: number;
  question_count: number;
  has_report: boolean;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export interface ScoreView {
  competency: string;
  score: number;
  evidence: string;
}

export interface AnswerView {
  question_id: string;
  question_text: string;
  summary: string;
  scores: ScoreView[];
}

export interface ReportView {
  competencyScores: Array<{ competency: string; average: number; count: number }>;
  overall: number | null;
  strengths: string[];
  improvements: string[];
}

export interface InterviewReportResponse {
  interview: InterviewSummary;
  report: ReportView | null;
  answers: AnswerView[];
}

import type { StartBotResponse } from '../api-contract.ts';

export type { StartBotResponse };

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const shape =
  (fields: Record<string, Check>): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(fields).every(([name, check]) => check((value as Record<string, unknown>)[name]));

const interviewSummary = shape({
  id: isString,
  status: isString,
  phase: isString,
  role: nullable(isString),
  question_index: isNumber,
  question_count: isNumber,
  has_report: isBoolean,
  created_at: isString,
  started_at: nullable(isString),
  ended_at: nullable(isString),
});

const score = shape({ competency: isString, score: isNumber, evidence: isString });

const report = shape({
  competencyScores: arrayOf(shape({ competency: isString, average: isNumber, count: isNumber })),
  overall: nullable(isNumber),
  strengths: arrayOf(isString),
  improvements: arrayOf(isString),
});

export const isInterviewList = shape({ interviews: arrayOf(interviewSummary) }) as (
  value: unknown,
) => value is { interviews: InterviewSummary[] };

export const isInterviewReportResponse = shape({
  interview: interviewSummary,
  report: nullable(report),
  answers: arrayOf(
    shape({ question_id: isString, question_text: isString, summary: isString, scores: arrayOf(score) }),
  ),
}) as (value: unknown) => value is InterviewReportResponse;

export const isInterviewResponse = shape({ interview: interviewSummary }) as (
  value: unknown,
) => value is { interview: InterviewSummary };

export const isStartBotResponse = shape({
  token: isString,
  room_name: isString,
  identity: isString,
  livekit_url: isString,
  interview_id: isString,
  resumed: isBoolean,
}) as (value: unknown) => value is StartBotResponse;
