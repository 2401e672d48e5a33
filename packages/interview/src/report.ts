import { z } from 'zod';
import { COMPETENCIES } from './competencies.ts';
import { questionById } from './question-bank.ts';
import {
  type CompetencyScore,
  competencyAverages,
  overallScore,
  type Score,
  scoreSchema,
} from './scoring.ts';
import type { InterviewState } from './state.ts';

export interface ReportAnswer {
  questionId: string;
  questionText: string;
  summary: string;
  scores: Score[];
}

/** The feedback shown to the candidate at the end; stored inside the completed InterviewState. */
export interface InterviewReport {
  /** Only competencies that were scored, in COMPETENCIES order. */
  competencyScores: CompetencyScore[];
  /** Mean of the competency averages, one decimal; null only if nothing was scored. */
  overall: number | null;
  strengths: string[];
  improvements: string[];
  /** In the order they were recorded, the background answer included. */
  answers: ReportAnswer[];
}

export interface ReportFeedback {
  strengths: string[];
  improvements: string[];
}

export const interviewReportSchema = z.object({
  competencyScores: z.array(
    z.object({
      competency: z.enum(COMPETENCIES),
      average: z.number().min(1).max(5),
      count: z.number().int().min(1),
    }),
  ),
  overall: z.number().min(1).max(5).nullable(),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  answers: z.array(
    z.object({
      questionId: z.string(),
      questionText: z.string(),
      summary: z.string(),
      scores: z.array(scoreSchema),
    }),
  ),
});

export function buildReport(state: InterviewState, feedback: ReportFeedback): InterviewReport {
  return {
    competencyScores: competencyAverages(state.answers),
    overall: overallScore(state.answers),
    strengths: [...feedback.strengths],
    improvements: [...feedback.improvements],
    answers: state.answers.map((answer) => ({
      questionId: answer.questionId,
      // The text is copied in so a stored report stays readable even if the bank's wording changes.
      questionText: questionById(answer.questionId)?.text ?? answer.questionId,
      summary: answer.summary,
      scores: answer.scores.map((score) => ({ ...score })),
    })),
  };
}
