import { currentQuestion } from './current-question.ts';
import { progressOf } from './progress.ts';
import type { InterviewState } from './state.ts';

/**
 * What a tool hands back to the model: the next step in words, plus where the interview stands
 * (so the model — or the emulator's scenario — can say "question 2 of 3" and ask it verbatim).
 */
export interface ToolReply {
  instruction: string;
  phase: string;
  question_number: number;
  total_questions: number;
  current_question_id: string | null;
  current_question: string | null;
}

export function toolReply(state: InterviewState, instruction: string): ToolReply {
  const progress = progressOf(state);
  const question = currentQuestion(state);
  return {
    instruction,
    phase: progress.phase,
    question_number: progress.questionNumber,
    total_questions: progress.totalQuestions,
    current_question_id: question?.id ?? null,
    current_question: question?.text ?? null,
  };
}
