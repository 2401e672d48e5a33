import type { Room } from '@livekit/rtc-node';
import { type InterviewState, progressOf } from '@rehearse/interview';

/** Participant attributes the browser reads (useParticipantAttributes) to show "question n of m". */
export const PROGRESS_ATTRIBUTES = {
  phase: 'rehearse.phase',
  questionNumber: 'rehearse.question_number',
  totalQuestions: 'rehearse.total_questions',
  answered: 'rehearse.answered',
  interviewId: 'rehearse.interview_id',
} as const;

export function progressAttributes(
  state: InterviewState,
  interviewId: string | undefined,
): Record<string, string> {
  const progress = progressOf(state);
  return {
    [PROGRESS_ATTRIBUTES.phase]: progress.phase,
    [PROGRESS_ATTRIBUTES.questionNumber]: String(progress.questionNumber ?? 0),
    [PROGRESS_ATTRIBUTES.totalQuestions]: String(progress.totalQuestions),
    [PROGRESS_ATTRIBUTES.answered]: String(progress.answered),
    [PROGRESS_ATTRIBUTES.interviewId]: interviewId ?? '',
  };
}

export async function publishProgress(
  room: Room,
  state: InterviewState,
  interviewId: string | undefined,
): Promise<void> {
  await room.localParticipant?.setAttributes(progressAttributes(state, interviewId));
}
