import type { Phase } from './phases.ts';
import { BACKGROUND_QUESTION_ID } from './question-bank.ts';
import type { InterviewState } from './state.ts';

export interface InterviewProgress {
  phase: Phase;
  /**
   * 1-based number of the bank question being asked, or after the questions the last one reached
   * (an interview finished early stops short of totalQuestions); 0 before the questions.
   */
  questionNumber: number;
  totalQuestions: number;
  /** Bank questions answered (the background answer is not counted). */
  answered: number;
}

/** What the browser shows: "question n of m". */
export function progressOf(state: InterviewState): InterviewProgress {
  const totalQuestions = state.questionIds.length;
  const questionNumber =
    state.phase === 'profile' || state.phase === 'background'
      ? 0
      : Math.min(state.questionIndex + 1, totalQuestions);
  return {
    phase: state.phase,
    questionNumber,
    totalQuestions,
    answered: state.answers.filter((answer) => answer.questionId !== BACKGROUND_QUESTION_ID).length,
  };
}
