'use client';
import { useEffect, useRef } from 'react';
import type { TranscriptLine } from '@/lib/client/transcript.ts';

/** The conversation as text; new lines are announced to screen readers (role="log"). */
export function TranscriptPanel({ lines }: { lines: TranscriptLine[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = lines.length;
  const lastText = lines[count - 1]?.text;

  // Follow the conversation unless the reader has scrolled up to re-read something.
  useEffect(() => {
    const element = scroller.current;
    if (!element || lastText === undefined) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 120;
    if (nearBottom || count <= 1) element.scrollTop = element.scrollHeight;
  }, [count, lastText]);

  return (
    <section className="card transcript" aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
      <section ref={scroller} className="transcript__scroller" tabIndex={0} aria-label="Conversation so far">
        {lines.length === 0 ? (
          <p className="muted">The conversation will appear here as you talk.</p>
        ) : (
          <ol className="transcript__lines" role="log" aria-relevant="additions">
            {lines.map((line) => (
              <li
                key={line.id}
                className={`transcript__line transcript__line--${line.speaker}`}
                data-speaker={line.speaker}
              >
                <span className="transcript__speaker">{line.speaker === 'agent' ? 'Noah' : 'You'}</span>
                <span className="transcript__text">{line.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
