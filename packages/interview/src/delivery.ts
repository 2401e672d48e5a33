import {
  type AnswerTarget,
  answerLengthThreshold,
  bandOf,
  type DeliveryBand,
  type DeliveryMeasure,
  FILLERS_THRESHOLD,
  LONG_PAUSE_MS,
  LONG_PAUSES_THRESHOLD,
  MIN_PLAUSIBLE_WPM,
  MIN_VOICED_MS_FOR_RATES,
  ON_TARGET_SHARE_THRESHOLD,
  PACE_THRESHOLD,
  REFERENCE_WPM,
  TALK_RATIO_THRESHOLD,
} from './delivery-thresholds.ts';
import { countTranscriptWords, type FillerCount } from './fillers.ts';

/** A voiced stretch of the candidate's audio, relative to the start of the answer's clip. */
export interface VoicedSegment {
  startMs: number;
  endMs: number;
}

/** What the agent stored about one answer's audio (the `answer_recordings` row, without the audio). */
export interface AnswerRecordingTiming {
  durationMs: number;
  /** From an energy detector on the audio itself: complete even when the transcript is not. */
  speechSegments: readonly VoicedSegment[];
  /** Noah's speaking time while this question was current. */
  agentSpeechMs: number;
  /** Gemini's input transcription of the candidate in this period. */
  candidateText: string;
}

/** Why a measure has no value. */
export const UNMEASURED_REASONS = ['not_enough_transcript', 'too_short'] as const;
export type UnmeasuredReason = (typeof UNMEASURED_REASONS)[number];

export interface MeasureResult {
  /** Null when not measured (see `unmeasured`). */
  value: number | null;
  band: DeliveryBand | null;
  unmeasured: UnmeasuredReason | null;
  /** One line the candidate can act on. */
  advice: string;
}

/** The raw sums one answer adds to its interview's summary. */
export interface DeliveryTotals {
  voicedMs: number;
  wordCount: number;
  fillerCount: number;
  /** The voiced time the transcript covers: all of it, or an estimate when words were dropped. */
  transcribedMs: number;
  longPauseCount: number;
  longestPauseMs: number;
  agentSpeechMs: number;
}

export interface AnswerDelivery extends DeliveryTotals {
  /** From the first voiced moment to the last. */
  answerMs: number;
  target: AnswerTarget;
  /** False when the transcript is implausibly short for the voiced time (words were dropped). */
  transcriptComplete: boolean;
  fillers: FillerCount[];
  measures: DeliveryMeasures;
}

export type DeliveryMeasures = Record<DeliveryMeasure, MeasureResult>;

export interface DeliverySummary extends DeliveryTotals {
  /** Answers with a recording. */
  answerCount: number;
  /** Answers inside their target length, of those long enough to measure. */
  answersOnTarget: number;
  answersWithIncompleteTranscript: number;
  measures: DeliveryMeasures;
}

const MINUTE_MS = 60_000;

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** Sorted, clipped to the clip and merged where they overlap, so every later sum counts each moment once. */
export function normaliseSegments(segments: readonly VoicedSegment[], durationMs: number): VoicedSegment[] {
  const clipped = segments
    .map((segment) => ({
      startMs: Math.max(0, segment.startMs),
      endMs: Math.min(durationMs, segment.endMs),
    }))
    .filter((segment) => segment.endMs > segment.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: VoicedSegment[] = [];
  for (const segment of clipped) {
    const last = merged.at(-1);
    if (last && segment.startMs <= last.endMs) last.endMs = Math.max(last.endMs, segment.endMs);
    else merged.push({ ...segment });
  }
  return merged;
}

/** Gaps between voiced stretches; the silence before the first one (thinking before answering) is not one. */
function gapsBetween(segments: readonly VoicedSegment[]): number[] {
  return segments.slice(1).map((segment, index) => segment.startMs - (segments[index]?.endMs ?? 0));
}

function measured(value: number, band: DeliveryBand, advice: string): MeasureResult {
  return { value, band, unmeasured: null, advice };
}

function unmeasured(reason: UnmeasuredReason, advice: string): MeasureResult {
  return { value: null, band: null, unmeasured: reason, advice };
}

const TOO_SHORT = 'Too little speech here to measure this.';
const DROPPED_WORDS =
  'Not enough transcript: the transcription missed part of what you said, so a rate from it would be wrong. Your timing is still measured from the audio.';

function paceMeasure(totals: DeliveryTotals, transcriptComplete: boolean): MeasureResult {
  if (totals.voicedMs < MIN_VOICED_MS_FOR_RATES) return unmeasured('too_short', TOO_SHORT);
  if (!transcriptComplete) return unmeasured('not_enough_transcript', DROPPED_WORDS);
  const wpm = Math.round(totals.wordCount / (totals.voicedMs / MINUTE_MS));
  const band = bandOf(wpm, PACE_THRESHOLD);
  if (band === 'good') return measured(wpm, band, 'A pace that is easy to follow: keep it.');
  return measured(
    wpm,
    band,
    wpm < PACE_THRESHOLD.goodMin
      ? 'Pick up the pace a little: know your first sentence and keep your sentences short.'
      : 'Slow down: finish each point, then take a breath before the next one.',
  );
}

function fillersMeasure(totals: DeliveryTotals, transcriptComplete: boolean): MeasureResult {
  if (totals.voicedMs < MIN_VOICED_MS_FOR_RATES) return unmeasured('too_short', TOO_SHORT);
  if (totals.transcribedMs < MIN_VOICED_MS_FOR_RATES)
    return unmeasured('not_enough_transcript', DROPPED_WORDS);
  const perMinute = round(totals.fillerCount / (totals.transcribedMs / MINUTE_MS), 1);
  const band = bandOf(perMinute, FILLERS_THRESHOLD);
  const basis = transcriptComplete ? '' : ' (counted over the part the transcription caught)';
  return measured(
    perMinute,
    band,
    band === 'good'
      ? `Few fillers${basis}: you sound sure of what you say.`
      : `Swap fillers for a short silent pause${basis}: silence sounds more confident than "um".`,
  );
}

function longPausesMeasure(perAnswer: number): MeasureResult {
  const band = bandOf(perAnswer, LONG_PAUSES_THRESHOLD);
  return measured(
    round(perAnswer, 1),
    band,
    band === 'good'
      ? 'Your pauses were short: thinking time that did not break the flow.'
      : 'When you need time, say so ("Let me think for a second") and give your outline first.',
  );
}

function talkRatioMeasure(totals: DeliveryTotals): MeasureResult {
  const total = totals.voicedMs + totals.agentSpeechMs;
  if (totals.voicedMs === 0 || total === 0) return unmeasured('too_short', TOO_SHORT);
  const ratio = round(totals.voicedMs / total, 2);
  const band = bandOf(ratio, TALK_RATIO_THRESHOLD);
  return measured(
    ratio,
    band,
    band === 'good'
      ? 'You did most of the talking, as a candidate should.'
      : 'Noah did much of the talking: give fuller answers, with an example and its result.',
  );
}

function answerLengthMeasure(answerMs: number, target: AnswerTarget): MeasureResult {
  if (answerMs === 0) return unmeasured('too_short', 'No answer was heard for this question.');
  const seconds = Math.round(answerMs / 1000);
  const band = bandOf(seconds, answerLengthThreshold(target));
  if (band === 'good') return measured(seconds, band, 'The right length for this kind of question.');
  return measured(
    seconds,
    band,
    seconds < target.minSeconds
      ? `Say more (aim for ${target.minSeconds}–${target.maxSeconds} s): the situation, what you did, and the result.`
      : `Tighten it (aim for ${target.minSeconds}–${target.maxSeconds} s): lead with the result, then two or three key steps.`,
  );
}

/** Words per minute the transcript implies; below MIN_PLAUSIBLE_WPM the transcript has lost words. */
function transcriptLooksComplete(wordCount: number, voicedMs: number): boolean {
  if (voicedMs === 0) return true;
  return wordCount / (voicedMs / MINUTE_MS) >= MIN_PLAUSIBLE_WPM;
}

/** Delivery measures of one answer from its recording's timing and transcript, against the question's target. */
export function answerDelivery(recording: AnswerRecordingTiming, target: AnswerTarget): AnswerDelivery {
  const segments = normaliseSegments(recording.speechSegments, recording.durationMs);
  const voicedMs = segments.reduce((sum, segment) => sum + segment.endMs - segment.startMs, 0);
  const longPauses = gapsBetween(segments).filter((gap) => gap >= LONG_PAUSE_MS);
  const words = countTranscriptWords(recording.candidateText);
  const transcriptComplete = transcriptLooksComplete(words.wordCount, voicedMs);
  const totals: DeliveryTotals = {
    voicedMs,
    wordCount: words.wordCount,
    fillerCount: words.fillerCount,
    // When words were dropped, only the speech the transcript holds is a fair basis for a filler rate.
    transcribedMs: transcriptComplete
      ? voicedMs
      : Math.min(voicedMs, Math.round((words.wordCount / REFERENCE_WPM) * MINUTE_MS)),
    longPauseCount: longPauses.length,
    longestPauseMs: Math.max(0, ...longPauses),
    agentSpeechMs: Math.max(0, recording.agentSpeechMs),
  };
  const answerMs = segments.length === 0 ? 0 : (segments.at(-1)?.endMs ?? 0) - (segments[0]?.startMs ?? 0);
  return {
    ...totals,
    answerMs,
    target: { ...target },
    transcriptComplete,
    fillers: words.fillers,
    measures: {
      pace: paceMeasure(totals, transcriptComplete),
      fillers: fillersMeasure(totals, transcriptComplete),
      long_pauses:
        segments.length === 0 ? unmeasured('too_short', TOO_SHORT) : longPausesMeasure(longPauses.length),
      talk_ratio: talkRatioMeasure(totals),
      answer_length: answerLengthMeasure(answerMs, target),
    },
  };
}

function sumTotals(answers: readonly DeliveryTotals[]): DeliveryTotals {
  const sum = (pick: (answer: DeliveryTotals) => number) =>
    answers.reduce((total, answer) => total + pick(answer), 0);
  return {
    voicedMs: sum((answer) => answer.voicedMs),
    wordCount: sum((answer) => answer.wordCount),
    fillerCount: sum((answer) => answer.fillerCount),
    transcribedMs: sum((answer) => answer.transcribedMs),
    longPauseCount: sum((answer) => answer.longPauseCount),
    longestPauseMs: Math.max(0, ...answers.map((answer) => answer.longestPauseMs)),
    agentSpeechMs: sum((answer) => answer.agentSpeechMs),
  };
}

/**
 * One interview's delivery from its answers' (null when an answer has no recording). Pace counts only the
 * answers whose transcript is complete, fillers only the transcribed speech; pauses are per answer; answer
 * length is the share of answers inside their target. Null when no answer has a recording.
 */
export function deliverySummary(answers: readonly (AnswerDelivery | null)[]): DeliverySummary | null {
  const recorded = answers.filter((answer): answer is AnswerDelivery => answer !== null);
  if (recorded.length === 0) return null;
  const totals = sumTotals(recorded);
  const complete = recorded.filter((answer) => answer.transcriptComplete);
  const paceTotals = sumTotals(complete);
  const voiced = recorded.filter((answer) => answer.answerMs > 0);
  const lengths = recorded.filter((answer) => answer.measures.answer_length.band !== null);
  const onTarget = lengths.filter((answer) => answer.measures.answer_length.band === 'good').length;
  return {
    ...totals,
    answerCount: recorded.length,
    answersOnTarget: onTarget,
    answersWithIncompleteTranscript: recorded.length - complete.length,
    measures: {
      pace:
        complete.length === 0 && totals.voicedMs >= MIN_VOICED_MS_FOR_RATES
          ? unmeasured('not_enough_transcript', DROPPED_WORDS)
          : paceMeasure(paceTotals, true),
      fillers: fillersMeasure(totals, complete.length === recorded.length),
      long_pauses:
        voiced.length === 0
          ? unmeasured('too_short', TOO_SHORT)
          : longPausesMeasure(totals.longPauseCount / voiced.length),
      talk_ratio: talkRatioMeasure(totals),
      answer_length: onTargetMeasure(onTarget, lengths.length),
    },
  };
}

function onTargetMeasure(onTarget: number, measuredCount: number): MeasureResult {
  if (measuredCount === 0) return unmeasured('too_short', TOO_SHORT);
  const share = round(onTarget / measuredCount, 2);
  const band = bandOf(share, ON_TARGET_SHARE_THRESHOLD);
  return measured(
    share,
    band,
    band === 'good'
      ? 'Most answers had the right length.'
      : 'Many answers missed their target length: see each answer below for which way.',
  );
}
