import { describe, expect, it } from 'vitest';
import {
  type AnswerRecordingTiming,
  answerDelivery,
  answerTargetOf,
  DESIGN_TARGET,
  deliverySummary,
  normaliseSegments,
  QUESTION_BANK,
  STORY_TARGET,
} from '../src/index.ts';

/** `count` words of plain text (no fillers). */
const words = (count: number) => Array.from({ length: count }, () => 'word').join(' ');

/** One voiced stretch from 0 to `voicedMs`, `wordCount` plain words, Noah silent. */
function recording(
  overrides: Partial<AnswerRecordingTiming> & { voicedMs?: number; wordCount?: number } = {},
) {
  const { voicedMs = 60_000, wordCount = 150, ...rest } = overrides;
  return {
    durationMs: Math.max(voicedMs, 1),
    speechSegments: [{ startMs: 0, endMs: voicedMs }],
    agentSpeechMs: 0,
    candidateText: words(wordCount),
    ...rest,
  };
}

describe('normaliseSegments', () => {
  it('sorts, clips to the clip and merges overlapping stretches', () => {
    expect(
      normaliseSegments(
        [
          { startMs: 5_000, endMs: 6_000 },
          { startMs: -200, endMs: 1_000 },
          { startMs: 900, endMs: 2_000 },
          { startMs: 9_000, endMs: 12_000 },
          { startMs: 3_000, endMs: 3_000 },
        ],
        10_000,
      ),
    ).toEqual([
      { startMs: 0, endMs: 2_000 },
      { startMs: 5_000, endMs: 6_000 },
      { startMs: 9_000, endMs: 10_000 },
    ]);
  });
});

describe('answerDelivery: pace', () => {
  it('is words per minute of voiced time, pauses left out', () => {
    const delivery = answerDelivery(
      recording({
        durationMs: 70_000,
        speechSegments: [
          { startMs: 2_000, endMs: 32_000 },
          { startMs: 40_000, endMs: 70_000 },
        ],
        candidateText: words(150),
      }),
      STORY_TARGET,
    );
    expect(delivery.voicedMs).toBe(60_000);
    expect(delivery.measures.pace).toMatchObject({ value: 150, band: 'good', unmeasured: null });
  });

  it.each([
    [99, 'work_on', /Pick up the pace/],
    [100, 'watch', /Pick up the pace/],
    [120, 'good', /easy to follow/],
    [180, 'good', /easy to follow/],
    [200, 'watch', /Slow down/],
    [201, 'work_on', /Slow down/],
  ] as const)('%d words in a voiced minute: %s', (count, band, advice) => {
    const pace = answerDelivery(recording({ wordCount: count }), STORY_TARGET).measures.pace;
    expect(pace).toMatchObject({ value: count, band });
    expect(pace.advice).toMatch(advice);
  });

  it('reports "not enough transcript" instead of a wrong pace when the transcription dropped words', () => {
    // 90 s of voice but 40 words: the transcript lost the start of the answer (27 wpm implied).
    const delivery = answerDelivery(recording({ voicedMs: 90_000, wordCount: 40 }), STORY_TARGET);
    expect(delivery.transcriptComplete).toBe(false);
    expect(delivery.measures.pace).toMatchObject({
      value: null,
      band: null,
      unmeasured: 'not_enough_transcript',
    });
    expect(delivery.measures.pace.advice).toMatch(/^Not enough transcript/);
    // The timing comes from the audio and stays.
    expect(delivery.measures.answer_length.value).toBe(90);
  });

  it('trusts a transcript at exactly 60 wpm, and not one word below', () => {
    expect(answerDelivery(recording({ wordCount: 60 }), STORY_TARGET).measures.pace.value).toBe(60);
    expect(answerDelivery(recording({ wordCount: 59 }), STORY_TARGET).measures.pace.unmeasured).toBe(
      'not_enough_transcript',
    );
  });

  it('is too short to measure under 10 s of voice', () => {
    const short = answerDelivery(recording({ voicedMs: 9_999, wordCount: 25 }), STORY_TARGET);
    expect(short.measures.pace).toMatchObject({ value: null, unmeasured: 'too_short' });
    expect(
      answerDelivery(recording({ voicedMs: 10_000, wordCount: 25 }), STORY_TARGET).measures.pace.value,
    ).toBe(150);
  });
});

describe('answerDelivery: fillers', () => {
  it('counts fillers per minute of voiced time, each filler listed', () => {
    const delivery = answerDelivery(
      recording({ voicedMs: 30_000, candidateText: `Um, ${words(60)}, you know, um ${words(10)}` }),
      STORY_TARGET,
    );
    expect(delivery.fillerCount).toBe(3);
    expect(delivery.fillers).toEqual([
      { filler: 'um', count: 2 },
      { filler: 'you know', count: 1 },
    ]);
    expect(delivery.measures.fillers).toMatchObject({ value: 6, band: 'watch' });
  });

  it.each([
    [3, 'good'],
    [4, 'watch'],
    [6, 'watch'],
    [7, 'work_on'],
  ] as const)('%d fillers in a voiced minute: %s', (count, band) => {
    const text = `${words(150)} ${Array.from({ length: count }, () => 'um').join(' ')}`;
    expect(answerDelivery(recording({ candidateText: text }), STORY_TARGET).measures.fillers).toMatchObject({
      value: count,
      band,
    });
  });

  it('counts over the transcribed share only when words were dropped', () => {
    // 120 s voiced, 75 words transcribed (37.5 wpm implied): the words cover about 30 s at 150 wpm.
    const text = `um ${words(73)} um`;
    const delivery = answerDelivery(recording({ voicedMs: 120_000, candidateText: text }), STORY_TARGET);
    expect(delivery.transcriptComplete).toBe(false);
    expect(delivery.transcribedMs).toBe(30_000);
    expect(delivery.measures.fillers).toMatchObject({ value: 4, band: 'watch' });
    expect(delivery.measures.fillers.advice).toContain('part the transcription caught');
  });

  it('is not measured when the transcript covers less than 10 s', () => {
    const delivery = answerDelivery(recording({ voicedMs: 60_000, wordCount: 20 }), STORY_TARGET);
    expect(delivery.measures.fillers).toMatchObject({ value: null, unmeasured: 'not_enough_transcript' });
  });
});

describe('answerDelivery: long pauses', () => {
  const withGaps = (...gaps: number[]) => {
    let at = 0;
    const speechSegments = [{ startMs: 0, endMs: 5_000 }];
    at = 5_000;
    for (const gap of gaps) {
      speechSegments.push({ startMs: at + gap, endMs: at + gap + 5_000 });
      at += gap + 5_000;
    }
    return recording({ durationMs: at + 4_000, speechSegments });
  };

  it('counts gaps of 3 s or more between voiced stretches and keeps the longest', () => {
    const delivery = answerDelivery(withGaps(2_999, 3_000, 7_500), STORY_TARGET);
    expect(delivery.longPauseCount).toBe(2);
    expect(delivery.longestPauseMs).toBe(7_500);
    expect(delivery.measures.long_pauses).toMatchObject({ value: 2, band: 'watch' });
  });

  it('leaves out the silence before the first word and after the last', () => {
    const delivery = answerDelivery(
      recording({ durationMs: 40_000, speechSegments: [{ startMs: 10_000, endMs: 30_000 }] }),
      STORY_TARGET,
    );
    expect(delivery.longPauseCount).toBe(0);
    expect(delivery.measures.long_pauses).toMatchObject({ value: 0, band: 'good' });
    expect(delivery.answerMs).toBe(20_000);
  });

  it.each([
    [1, 'good'],
    [3, 'watch'],
    [4, 'work_on'],
  ] as const)('%d long pauses: %s', (count, band) => {
    const delivery = answerDelivery(withGaps(...Array.from({ length: count }, () => 4_000)), STORY_TARGET);
    expect(delivery.measures.long_pauses).toMatchObject({ value: count, band });
  });
});

describe('answerDelivery: talk-time ratio', () => {
  it.each([
    [60_000, 40_000, 0.6, 'good'],
    [45_000, 55_000, 0.45, 'watch'],
    [44_000, 56_000, 0.44, 'work_on'],
  ] as const)('%d ms of candidate against %d ms of Noah: %d, %s', (voicedMs, agentSpeechMs, ratio, band) => {
    const delivery = answerDelivery(recording({ voicedMs, agentSpeechMs }), STORY_TARGET);
    expect(delivery.measures.talk_ratio).toMatchObject({ value: ratio, band });
  });

  it('is not measured when the candidate said nothing', () => {
    const silent = recording({
      durationMs: 10_000,
      speechSegments: [],
      agentSpeechMs: 5_000,
      candidateText: '',
    });
    const delivery = answerDelivery(silent, STORY_TARGET);
    expect(delivery.measures.talk_ratio.unmeasured).toBe('too_short');
    expect(delivery.measures.answer_length).toMatchObject({ value: null, unmeasured: 'too_short' });
    expect(delivery.measures.long_pauses.unmeasured).toBe('too_short');
  });
});

describe('answerDelivery: answer length', () => {
  it.each([
    [29_000, 'work_on', /Say more \(aim for 60–120 s\)/],
    [59_000, 'watch', /Say more/],
    [60_000, 'good', /right length/],
    [120_000, 'good', /right length/],
    [121_000, 'watch', /Tighten it/],
    [181_000, 'work_on', /Tighten it/],
  ] as const)('a %d ms story: %s', (ms, band, advice) => {
    const length = answerDelivery(recording({ voicedMs: ms }), STORY_TARGET).measures.answer_length;
    expect(length).toMatchObject({ value: ms / 1000, band });
    expect(length.advice).toMatch(advice);
  });

  it("is measured against the question's own target", () => {
    const delivery = answerDelivery(recording({ voicedMs: 150_000, wordCount: 375 }), DESIGN_TARGET);
    expect(delivery.measures.answer_length.band).toBe('good');
    expect(delivery.target).toEqual({ minSeconds: 120, maxSeconds: 240 });
  });
});

describe('answer targets in the question bank', () => {
  it('gives every question a target, stories 60–120 s, and a story target to unknown ids', () => {
    for (const question of Object.values(QUESTION_BANK).flat()) {
      expect(question.answerTarget.minSeconds).toBeLessThan(question.answerTarget.maxSeconds);
    }
    expect(answerTargetOf('swe-3')).toEqual({ minSeconds: 60, maxSeconds: 120 });
    expect(answerTargetOf('swe-4')).toEqual(DESIGN_TARGET);
    expect(answerTargetOf('background')).toEqual(STORY_TARGET);
    expect(answerTargetOf('no-such-question')).toEqual(STORY_TARGET);
  });
});

describe('deliverySummary', () => {
  it('is null when no answer has a recording', () => {
    expect(deliverySummary([])).toBeNull();
    expect(deliverySummary([null, null])).toBeNull();
  });

  it('sums the answers: pace and fillers over time, pauses per answer, share of answers on target', () => {
    const first = answerDelivery(
      recording({
        durationMs: 100_000,
        speechSegments: [
          { startMs: 0, endMs: 40_000 },
          { startMs: 45_000, endMs: 65_000 },
        ],
        agentSpeechMs: 20_000,
        candidateText: `um ${words(179)}`,
      }),
      STORY_TARGET,
    );
    const second = answerDelivery(
      recording({ voicedMs: 30_000, wordCount: 60, agentSpeechMs: 10_000 }),
      STORY_TARGET,
    );
    const summary = deliverySummary([first, null, second]);
    expect(summary).toMatchObject({
      answerCount: 2,
      voicedMs: 90_000,
      wordCount: 240,
      fillerCount: 1,
      longPauseCount: 1,
      longestPauseMs: 5_000,
      answersOnTarget: 1,
      answersWithIncompleteTranscript: 0,
    });
    expect(summary?.measures).toMatchObject({
      pace: { value: 160, band: 'good' },
      fillers: { value: 0.7, band: 'good' },
      long_pauses: { value: 0.5, band: 'good' },
      talk_ratio: { value: 0.75, band: 'good' },
      answer_length: { value: 0.5, band: 'watch' },
    });
  });

  it('leaves an answer with a dropped transcript out of the pace, and says so when none is left', () => {
    const dropped = answerDelivery(recording({ voicedMs: 90_000, wordCount: 30 }), STORY_TARGET);
    const fine = answerDelivery(recording({ voicedMs: 60_000, wordCount: 140 }), STORY_TARGET);
    const both = deliverySummary([dropped, fine]);
    expect(both?.answersWithIncompleteTranscript).toBe(1);
    expect(both?.measures.pace.value).toBe(140);
    expect(deliverySummary([dropped])?.measures.pace).toMatchObject({
      value: null,
      unmeasured: 'not_enough_transcript',
    });
  });
});
