import { BACKGROUND_QUESTION, type Question, questionById } from './question-bank.ts';
import type { InterviewState, RecordedAnswer } from './state.ts';

/** The question being asked now: the background question, a bank question, or null in other phases. */
export function currentQuestion(state: InterviewState): Question | null {
  if (state.phase === 'background') return BACKGROUND_QUESTION;
  if (state.phase !== 'questions') return null;
  const id = state.questionIds[state.questionIndex];
  return id === undefined ? null : (questionById(id) ?? null);
}

/** The recorded answer to the current question, if there is one. */
export function currentAnswer(state: InterviewState): RecordedAnswer | null {
  const question = currentQuestion(state);
  if (question === null) return null;
  return state.answers.find((answer) => answer.questionId === question.id) ?? null;
}
