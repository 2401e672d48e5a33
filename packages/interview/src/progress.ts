import { PHASE_LABELS, type Phase } from './phases.ts';
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

/** Where an interview stands, from its phase and position: the one "question n of m" rule. */
export function questionNumberOf(position: {
  phase: Phase;
  questionIndex: number;
  totalQuestions: number;
}): number {
  if (position.phase === 'profile' || position.phase === 'background') return 0;
  return Math.min(position.questionIndex + 1, position.totalQuestions);
}

/** What the browser shows: "question n of m". */
export function progressOf(state: InterviewState): InterviewProgress {
  const totalQuestions = state.questionIds.length;
  return {
    phase: state.phase,
    questionNumber: questionNumberOf({
      phase: state.phase,
      questionIndex: state.questionIndex,
      totalQuestions,
    }),
    totalQuestions,
    answered: state.answers.filter((answer) => answer.questionId !== BACKGROUND_QUESTION_ID).length,
  };
}

/** "Question 2 of 3" during the questions, otherwise the phase's name ("Background"). */
export function describeProgress(
  progress: Pick<InterviewProgress, 'phase' | 'questionNumber' | 'totalQuestions'>,
): string {
  if (progress.phase === 'questions' && progress.questionNumber > 0) {
    return `Question ${progress.questionNumber} of ${progress.totalQuestions}`;
  }
  return PHASE_LABELS[progress.phase];
}
