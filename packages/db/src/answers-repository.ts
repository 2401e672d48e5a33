import { COMPETENCIES } from '@rehearse/interview';
import { z } from 'zod';
import { execute, type Queryable, queryRows, toJsonParam } from './query.ts';

/** Per competency, as the domain scores it; stored as a JSON array. */
const competencyScores = z.array(
  z.object({ competency: z.enum(COMPETENCIES), score: z.number().int(), evidence: z.string() }),
);

const answerRow = z
  .object({
    id: z.string(),
    session_id: z.string(),
    question_id: z.string(),
    question_text: z.string(),
    summary: z.string(),
    scores: competencyScores,
    tool_call_id: z.string(),
    created_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    sessionId: row.session_id,
    questionId: row.question_id,
    questionText: row.question_text,
    summary: row.summary,
    scores: row.scores,
    toolCallId: row.tool_call_id,
    createdAt: row.created_at,
  }));

export type Answer = z.output<typeof answerRow>;

const recordInput = z.object({
  sessionId: z.uuid(),
  questionId: z.string().min(1),
  questionText: z.string(),
  summary: z.string(),
  scores: competencyScores,
  /** The model's function-call id: a retried call carries the same id and is stored once. */
  toolCallId: z.string().min(1),
});

export type NewAnswer = z.input<typeof recordInput>;

export interface AnswersRepository {
  /**
   * inserted is false when this (sessionId, toolCallId) was already recorded, or the question already has
   * its answer (one per question per interview: the first one is kept).
   */
  record(input: NewAnswer): Promise<{ inserted: boolean }>;
  /** Oldest first. */
  listForSession(sessionId: string): Promise<Answer[]>;
}

export function createAnswersRepository(db: Queryable): AnswersRepository {
  return {
    async record(input) {
      const answer = recordInput.parse(input);
      const result = await execute(
        db,
        `INSERT INTO answers (session_id, question_id, question_text, summary, scores, tool_call_id)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT DO NOTHING`,
        [
          answer.sessionId,
          answer.questionId,
          answer.questionText,
          answer.summary,
          toJsonParam(answer.scores),
          answer.toolCallId,
        ],
      );
      return { inserted: result.rowCount === 1 };
    },

    async listForSession(sessionId) {
      return queryRows(db, answerRow, 'SELECT * FROM answers WHERE session_id = $1 ORDER BY created_at, id', [
        z.uuid().parse(sessionId),
      ]);
    },
  };
}
