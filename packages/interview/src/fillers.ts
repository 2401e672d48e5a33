/**
 * Words and filler words in a transcript. The fillers counted, and why (docs/delivery-analytics.md):
 *
 * - hesitation sounds — um, uh, er, erm, ah, hmm (and their drawn-out spellings): never carry meaning;
 * - basically, actually, literally: in interview answers these almost always pad a sentence; a meaningful
 *   "actually" is counted too — a small overcount we accept for a rule the candidate can predict;
 * - "you know", "I mean", "sort of", "kind of" — only where they pad: not "do you know", "you know how",
 *   "I mean that", "what kind of", "this sort of";
 * - "like" — only where a comma follows it ("like, we had…", "…, like, it broke"): there it is a filler;
 *   "I like", "like the others" and "looks like" are words, and without the comma the two look the same.
 *
 * Not counted: "so", "well", "right", "okay" — they open and link answers as often as they pad them.
 * Speech-to-text often drops hesitation sounds, so the count is a lower bound.
 */

export interface FillerCount {
  filler: string;
  count: number;
}

export interface TranscriptWords {
  wordCount: number;
  fillerCount: number;
  /** Each filler found, most frequent first (ties in FILLERS order). */
  fillers: FillerCount[];
}

/** Words a filler phrase may not follow or precede when it is meant literally. */
const NOT_AFTER_YOU_KNOW = ['do', 'did', 'if', 'as', "don't", "didn't", 'would', 'what'];
const NOT_BEFORE_YOU_KNOW = ['what', 'how', 'that', 'why', 'where', 'when', 'who', 'which', 'whether', 'it'];
const NOT_BEFORE_I_MEAN = ['that', 'it', 'to', 'what', 'this', 'the'];
const NOT_AFTER_KIND_OF = [
  'what',
  'which',
  'this',
  'that',
  'these',
  'those',
  'the',
  'a',
  'one',
  'some',
  'any',
  'every',
  'same',
  'different',
  'each',
  'no',
  'other',
  'new',
];

interface FillerRule {
  filler: string;
  /** Matched on the lower-cased transcript; group 1 (when present) must be a whole word before. */
  pattern: RegExp;
  /** Refuses a match from the words around it. */
  literal?: (before: string | undefined, after: string | undefined) => boolean;
}

const phrase = (words: string) => new RegExp(`\\b${words.replace(' ', '\\s+')}\\b`, 'g');

const FILLER_RULES: readonly FillerRule[] = [
  { filler: 'um', pattern: /\b(?:u+m+|e+r+m+)\b/g },
  { filler: 'uh', pattern: /\bu+h+\b/g },
  { filler: 'er', pattern: /\be+r+\b/g },
  { filler: 'ah', pattern: /\ba+h+\b/g },
  { filler: 'hmm', pattern: /\bh+m+\b/g },
  { filler: 'like', pattern: /\blike\s*,/g },
  { filler: 'basically', pattern: phrase('basically') },
  { filler: 'actually', pattern: phrase('actually') },
  { filler: 'literally', pattern: phrase('literally') },
  {
    filler: 'you know',
    pattern: phrase('you know'),
    literal: (before, after) =>
      (before !== undefined && NOT_AFTER_YOU_KNOW.includes(before)) ||
      (after !== undefined && NOT_BEFORE_YOU_KNOW.includes(after)),
  },
  {
    filler: 'I mean',
    pattern: phrase('i mean'),
    literal: (_before, after) => after !== undefined && NOT_BEFORE_I_MEAN.includes(after),
  },
  {
    filler: 'sort of',
    pattern: phrase('sort of'),
    literal: (before) => before !== undefined && NOT_AFTER_KIND_OF.includes(before),
  },
  {
    filler: 'kind of',
    pattern: phrase('kind of'),
    literal: (before) => before !== undefined && NOT_AFTER_KIND_OF.includes(before),
  },
];

/** The fillers this module counts, in the order they are reported on a tie. */
export const FILLERS: readonly string[] = FILLER_RULES.map((rule) => rule.filler);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Curly apostrophes as straight ones, so "don’t" is "don't". */
function normalise(text: string): string {
  return text.toLowerCase().replace(/’/g, "'");
}

/**
 * The word right before or after a phrase, unless punctuation stands between: ", you know, it" is the
 * filler whatever word follows the comma.
 */
function adjacentWord(text: string, side: 'before' | 'after'): string | undefined {
  const match = side === 'before' ? /([\p{L}\p{N}']+)\s*$/u.exec(text) : /^\s*([\p{L}\p{N}']+)/u.exec(text);
  return match?.[1];
}

function countRule(rule: FillerRule, text: string): number {
  let count = 0;
  for (const match of text.matchAll(rule.pattern)) {
    if (rule.literal) {
      const before = adjacentWord(text.slice(0, match.index), 'before');
      const after = adjacentWord(text.slice(match.index + match[0].length), 'after');
      if (rule.literal(before, after)) continue;
    }
    count += 1;
  }
  return count;
}

/** Counts the words (letters or digits; "don't" is one) and the fillers of a transcript. */
export function countTranscriptWords(transcript: string): TranscriptWords {
  const text = normalise(transcript);
  const fillers = FILLER_RULES.map((rule) => ({ filler: rule.filler, count: countRule(rule, text) }))
    .filter((item) => item.count > 0)
    .sort((a, b) => b.count - a.count);
  return {
    wordCount: wordsOf(text).length,
    fillerCount: fillers.reduce((sum, item) => sum + item.count, 0),
    fillers,
  };
}
