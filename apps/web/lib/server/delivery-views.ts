import type { AnswerDeliveryView, DeliverySummaryView } from '@rehearse/api-contract';
import type { AnswerRecording } from '@rehearse/db';
import {
  type AnswerDelivery,
  answerDelivery,
  answerTargetOf,
  type DeliverySummary,
  type DeliveryTotals,
  deliverySummary,
} from '@rehearse/interview';

/** Each recorded answer's delivery by question id, and the interview's summary over them. */
export interface InterviewDelivery {
  byQuestion: ReadonlyMap<string, AnswerDelivery>;
  summary: DeliverySummary | null;
}

/** Computed on every read from the stored timing, so a change of threshold applies to old interviews too. */
export function interviewDelivery(recordings: readonly AnswerRecording[]): InterviewDelivery {
  const byQuestion = new Map(
    recordings.map((recording) => [
      recording.questionId,
      answerDelivery(recording, answerTargetOf(recording.questionId)),
    ]),
  );
  return { byQuestion, summary: deliverySummary([...byQuestion.values()]) };
}

function totalsView(totals: DeliveryTotals) {
  return {
    voiced_ms: totals.voicedMs,
    word_count: totals.wordCount,
    filler_count: totals.fillerCount,
    long_pause_count: totals.longPauseCount,
    longest_pause_ms: totals.longestPauseMs,
    agent_speech_ms: totals.agentSpeechMs,
  };
}

export function toAnswerDeliveryView(delivery: AnswerDelivery): AnswerDeliveryView {
  return {
    ...totalsView(delivery),
    answer_ms: delivery.answerMs,
    target: { min_seconds: delivery.target.minSeconds, max_seconds: delivery.target.maxSeconds },
    transcript_complete: delivery.transcriptComplete,
    fillers: delivery.fillers,
    measures: delivery.measures,
  };
}

export function toDeliverySummaryView(summary: DeliverySummary): DeliverySummaryView {
  return {
    ...totalsView(summary),
    answer_count: summary.answerCount,
    answers_on_target: summary.answersOnTarget,
    answers_with_incomplete_transcript: summary.answersWithIncompleteTranscript,
    measures: summary.measures,
  };
}
