import { z } from 'zod';
import { COMPETENCIES } from './competencies.ts';
import { BACKGROUND_QUESTION_ID } from './question-bank.ts';
import { MAX_SCORE, MIN_SCORE } from './score-scale.ts';

/** The function tools as the model sees them; the agent registers these exact names. */
export const TOOL_NAMES = {
  saveProfile: 'save_profile',
  recordAnswer: 'record_answer',
  nextQuestion: 'next_question',
  finishInterview: 'finish_interview',
} as const;

export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

// The schemas fix the shape only (plus the competency enum, which steers the model); value rules
// such as score ranges are checked by the transitions, whose errors tell the model how to retry.
export const saveProfileArgsSchema = z.object({
  name: z.string().describe('The name the candidate wants to be called.'),
  target_role: z
    .string()
    .describe('The role the candidate is preparing for, in their words, e.g. "backend developer".'),
  experience_years: z.number().describe('Years of professional experience; 0 for students.'),
});

export const recordAnswerArgsSchema = z.object({
  question_id: z
    .string()
    .describe(
      `The id of the question answered: "${BACKGROUND_QUESTION_ID}" or the current question's id, e.g. "swe-1".`,
    ),
  summary: z.string().describe('One or two sentences: what the candidate actually said.'),
  scores: z
    .array(
      z.object({
        competency: z.enum(COMPETENCIES),
        score: z
          .number()
          .describe(`Whole number from ${MIN_SCORE} (no evidence) to ${MAX_SCORE} (exceptional).`),
        evidence: z
          .string()
          .describe('A short note (under 280 characters) on what in the answer justifies the score.'),
      }),
    )
    .describe('One entry per competency the answer showed; at least one.'),
});

export const nextQuestionArgsSchema = z.object({});

export const finishInterviewArgsSchema = z.object({
  strengths: z.array(z.string()).describe('One to five short sentences on what the candidate did well.'),
  improvements: z.array(z.string()).describe('One to five short sentences on what to work on next.'),
});

export type SaveProfileArgs = z.infer<typeof saveProfileArgsSchema>;
export type RecordAnswerArgs = z.infer<typeof recordAnswerArgsSchema>;
export type NextQuestionArgs = z.infer<typeof nextQuestionArgsSchema>;
export type FinishInterviewArgs = z.infer<typeof finishInterviewArgsSchema>;

export interface ToolDefinition {
  description: string;
  parameters: z.ZodObject;
}

export const TOOL_DEFINITIONS = {
  save_profile: {
    description:
      "Save the candidate's name, target role and years of experience once you know all three. Starts the background phase.",
    parameters: saveProfileArgsSchema,
  },
  record_answer: {
    description:
      'Record the candidate\'s answer to the current question (or "background") with a summary and competency scores. Call once per question, after they finish answering.',
    parameters: recordAnswerArgsSchema,
  },
  next_question: {
    description:
      'Move on after the current answer is recorded. Returns the next question to ask, or tells you to wrap up after the last one.',
    parameters: nextQuestionArgsSchema,
  },
  finish_interview: {
    description:
      'End the interview with the strengths and improvements you told the candidate. Produces their feedback report.',
    parameters: finishInterviewArgsSchema,
  },
} as const satisfies Record<ToolName, ToolDefinition>;
