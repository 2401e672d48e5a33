import { isPhase, PHASE_LABELS, type Phase } from '@rehearse/interview';

export interface InterviewProgress {
  phase: Phase;
  /** 1-based number of the current bank question; 0 before the questions start. */
  questionNumber: number;
  totalQuestions: number;
}

/** Where a stored interview stands, the way the agent counts it (packages/interview progressOf). */
export function progressFromSummary(summary: {
  phase: string;
  question_index: number;
  question_count: number;
}): InterviewProgress | null {
  if (!isPhase(summary.phase)) return null;
  const beforeQuestions = summary.phase === 'profile' || summary.phase === 'background';
  return {
    phase: summary.phase,
    questionNumber: beforeQuestions ? 0 : Math.min(summary.question_index + 1, summary.question_count),
    totalQuestions: summary.question_count,
  };
}

export function phaseLabel(phase: Phase): string {
  return PHASE_LABELS[phase];
}

/** "Question 2 of 3" during the questions, otherwise the phase's name ("Background"). */
export function describeProgress(progress: InterviewProgress): string {
  if (progress.phase === 'questions' && progress.questionNumber > 0) {
    return `Question ${progress.questionNumber} of ${progress.totalQuestions}`;
  }
  return phaseLabel(progress.phase);
}
