import { isPhase } from './phases.ts';
import { type InterviewProgress, progressOf } from './progress.ts';
import type { InterviewState } from './state.ts';

/**
 * How the agent tells the candidate's browser where the interview stands: LiveKit participant
 * attributes on the agent. The agent writes them (progressAttributes), the page reads them
 * (progressFromAttributes); both use these names.
 */
export const PROGRESS_ATTRIBUTES = {
  phase: 'rehearse.phase',
  questionNumber: 'rehearse.question_number',
  totalQuestions: 'rehearse.total_questions',
  answered: 'rehearse.answered',
  interviewId: 'rehearse.interview_id',
} as const;

/**
 * The agent's own condition, beside the progress: `model-lost` means Noah lost his connection to the
 * model and is leaving; the page says so and offers to resume (the progress is saved).
 */
export const AGENT_STATUS_ATTRIBUTE = 'rehearse.status';
export const MODEL_LOST_STATUS = 'model-lost';

/** The progress as the agent published it, and which interview it belongs to. */
export interface LiveProgress extends InterviewProgress {
  interviewId: string | null;
}

export function progressAttributes(
  state: InterviewState,
  interviewId: string | undefined,
): Record<string, string> {
  const progress = progressOf(state);
  return {
    [PROGRESS_ATTRIBUTES.phase]: progress.phase,
    [PROGRESS_ATTRIBUTES.questionNumber]: String(progress.questionNumber),
    [PROGRESS_ATTRIBUTES.totalQuestions]: String(progress.totalQuestions),
    [PROGRESS_ATTRIBUTES.answered]: String(progress.answered),
    [PROGRESS_ATTRIBUTES.interviewId]: interviewId ?? '',
  };
}

function count(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : 0;
}

/** Null until the agent has published a valid phase. */
export function progressFromAttributes(attributes: Readonly<Record<string, string>>): LiveProgress | null {
  const phase = attributes[PROGRESS_ATTRIBUTES.phase];
  if (!isPhase(phase)) return null;
  return {
    phase,
    questionNumber: count(attributes[PROGRESS_ATTRIBUTES.questionNumber]),
    totalQuestions: count(attributes[PROGRESS_ATTRIBUTES.totalQuestions]),
    answered: count(attributes[PROGRESS_ATTRIBUTES.answered]),
    interviewId: attributes[PROGRESS_ATTRIBUTES.interviewId] || null,
  };
}
