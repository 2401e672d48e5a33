import type { TextStreamData } from '@livekit/components-react';
import { describe, expect, it } from 'vitest';
import { type Announcement, nextAnnouncement, type TranscriptLine, transcriptLines } from './transcript.ts';

function stream(id: string, sender: string, text: string, final?: boolean): TextStreamData {
  return {
    text,
    participantInfo: { identity: sender },
    streamInfo: {
      id,
      topic: 'lk.transcription',
      timestamp: 0,
      mimeType: 'text/plain',
      attributes: final === undefined ? {} : { 'lk.transcription_final': String(final) },
    },
  } as TextStreamData;
}

const line = (
  id: string,
  speaker: TranscriptLine['speaker'],
  text: string,
  final = false,
): TranscriptLine => ({
  id,
  speaker,
  text,
  final,
});

describe('transcriptLines', () => {
  it("names the speaker by the sender: the candidate's words come on their behalf, Noah's as himself", () => {
    const lines = transcriptLines(
      [stream('a', 'agent-1', 'Hello Ada'), stream('b', 'uid-ada', 'Hi', true)],
      'uid-ada',
    );
    expect(lines).toEqual([line('a', 'agent', 'Hello Ada'), line('b', 'candidate', 'Hi', true)]);
  });

  it('leaves out streams with no words yet', () => {
    expect(transcriptLines([stream('a', 'agent-1', '  ')], 'uid-ada')).toEqual([]);
  });
});

describe('nextAnnouncement', () => {
  const question = line('q', 'agent', 'Tell me about a project.');

  it('says nothing while the only line is still being transcribed', () => {
    expect(nextAnnouncement([question], null, null)).toBeNull();
  });

  it('says a line once it went quiet, with who said it', () => {
    expect(nextAnnouncement([question], null, { id: 'q', text: question.text })).toEqual({
      id: 'q',
      text: 'Noah: Tell me about a project.',
    });
  });

  it('does not take a quiet mark for text that has grown since', () => {
    expect(nextAnnouncement([question], null, { id: 'q', text: 'Tell me' })).toBeNull();
  });

  it('says a line marked final at once', () => {
    const answer = line('a', 'candidate', 'I led a migration.', true);
    expect(nextAnnouncement([question, answer], null, null)).toEqual({
      id: 'a',
      text: 'You: I led a migration.',
    });
  });

  it('says the previous line when a new one starts, and never goes back to an older one', () => {
    const answer = line('a', 'candidate', 'I led');
    const first = nextAnnouncement([question, answer], null, null);
    expect(first).toEqual({ id: 'q', text: 'Noah: Tell me about a project.' });

    const said: Announcement = { id: 'a', text: 'You: I led' };
    // The answer went quiet and was said; it then grows, so it is not finished: the older question stays unsaid.
    const grown = line('a', 'candidate', 'I led a migration');
    expect(nextAnnouncement([question, grown], said, { id: 'a', text: 'I led' })).toBe(said);
  });

  it('starts over when the conversation does (a new room after Resume)', () => {
    const said: Announcement = { id: 'old', text: 'Noah: Goodbye.' };
    const welcome = line('w', 'agent', 'Welcome back.', true);
    expect(nextAnnouncement([welcome], said, null)).toEqual({ id: 'w', text: 'Noah: Welcome back.' });
  });
});
