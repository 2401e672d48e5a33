import { describe, expect, it } from 'vitest';
import { countTranscriptWords, FILLERS } from '../src/index.ts';

const fillersIn = (text: string) => countTranscriptWords(text).fillers;

describe('countTranscriptWords', () => {
  it('counts words: letters or digits, a contraction as one, punctuation as none', () => {
    expect(countTranscriptWords("I don't know — we shipped v2 in 3 weeks, right?").wordCount).toBe(10);
    expect(countTranscriptWords('We didn’t stop.').wordCount).toBe(3);
    expect(countTranscriptWords('  ').wordCount).toBe(0);
    expect(countTranscriptWords('Ça a marché, naïvement.').wordCount).toBe(4);
  });

  it('counts hesitation sounds in any spelling and case', () => {
    expect(fillersIn('Um, so UMM the erm cache, uh, uhh er, ah, hmm.')).toEqual([
      { filler: 'um', count: 3 },
      { filler: 'uh', count: 2 },
      { filler: 'er', count: 1 },
      { filler: 'ah', count: 1 },
      { filler: 'hmm', count: 1 },
    ]);
  });

  it('does not count hesitation sounds inside words', () => {
    expect(fillersIn('The umbrella era of hummus: ahead, user, error, herd, uhura.')).toEqual([]);
  });

  it('counts "like" only when a comma follows it', () => {
    expect(fillersIn('It was, like, a huge outage. Like, everything broke.')).toEqual([
      { filler: 'like', count: 2 },
    ]);
    expect(fillersIn('I like Go. Teams like ours looked like they would, and it felt likely.')).toEqual([]);
  });

  it('counts basically, actually and literally always', () => {
    expect(fillersIn('Basically it was actually literally broken, actually.')).toEqual([
      { filler: 'actually', count: 2 },
      { filler: 'basically', count: 1 },
      { filler: 'literally', count: 1 },
    ]);
  });

  it('counts "you know" as a filler, not "do you know" or "you know how"', () => {
    expect(fillersIn('It was, you know, slow. We, you know, fixed it.')).toEqual([
      { filler: 'you know', count: 2 },
    ]);
    expect(
      fillersIn('Do you know the answer? You know how caches work. If you know what to do, you know that.'),
    ).toEqual([]);
  });

  it('counts "I mean" as a filler, not "I mean that" or "I mean it"', () => {
    expect(fillersIn('I mean, we tried. It failed, I mean we lost a day.')).toEqual([
      { filler: 'I mean', count: 2 },
    ]);
    expect(fillersIn('I mean that we tried. I mean it. Which I mean to fix.')).toEqual([]);
    expect(fillersIn('Well, I mean, it works.')).toEqual([{ filler: 'I mean', count: 1 }]);
  });

  it('counts "sort of" and "kind of" as hedges, not "what kind of" or "this sort of"', () => {
    expect(fillersIn('It was kind of slow and sort of broken, kind of.')).toEqual([
      { filler: 'kind of', count: 2 },
      { filler: 'sort of', count: 1 },
    ]);
    expect(fillersIn('What kind of database? This sort of bug, a different kind of team.')).toEqual([]);
  });

  it('sums the fillers, most frequent first, ties in FILLERS order', () => {
    const words = countTranscriptWords('Um, basically, um, you know, it works. Basically.');
    expect(words.fillerCount).toBe(5);
    expect(words.fillers.map((item) => item.filler)).toEqual(['um', 'basically', 'you know']);
    expect(FILLERS.indexOf('basically')).toBeLessThan(FILLERS.indexOf('you know'));
  });

  it('finds fillers across line breaks and extra spaces', () => {
    expect(fillersIn('we were\nkind   of\tstuck, you\n know, for a week')).toEqual([
      { filler: 'you know', count: 1 },
      { filler: 'kind of', count: 1 },
    ]);
  });
});
