import { describe, expect, it } from 'vitest';
import { upsertLine } from './transcript.ts';

describe('transcript lines', () => {
  it('appends new utterances and replaces interim text of the same segment in place', () => {
    let lines = upsertLine([], { id: 'a', speaker: 'agent', text: 'Hello', final: false });
    lines = upsertLine(lines, { id: 'b', speaker: 'candidate', text: 'Hi', final: true });
    lines = upsertLine(lines, { id: 'a', speaker: 'agent', text: 'Hello Ada', final: true });
    expect(lines).toEqual([
      { id: 'a', speaker: 'agent', text: 'Hello Ada', final: true },
      { id: 'b', speaker: 'candidate', text: 'Hi', final: true },
    ]);
  });

  it('does not add an empty utterance', () => {
    expect(upsertLine([], { id: 'a', speaker: 'agent', text: '  ', final: false })).toEqual([]);
  });
});
