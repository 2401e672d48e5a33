'use client';
import { useEffect, useRef } from 'react';
import { useTranscriptAnnouncement } from '@/hooks/use-transcript-announcement.ts';
import { SPEAKER_NAMES, type TranscriptLine } from '@/lib/client/transcript.ts';
import { cardClass } from '../ui/card.ts';
import { visuallyHiddenClass } from '../ui/visually-hidden.ts';
import styles from './transcript-panel.module.css';

/**
 * The conversation as text. The list itself is quiet (it changes word by word); a polite live region
 * beside it reads each finished line once.
 */
export function TranscriptPanel({ lines }: { lines: readonly TranscriptLine[] }) {
  const scroller = useRef<HTMLElement>(null);
  const announcement = useTranscriptAnnouncement(lines);
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
    <section className={`${cardClass} ${styles.transcript}`} aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
      <section ref={scroller} className={styles.scroller} tabIndex={0} aria-label="Conversation so far">
        {lines.length === 0 ? (
          <p className={styles.empty}>The conversation will appear here as you talk.</p>
        ) : (
          <ol className={styles.lines}>
            {lines.map((line) => (
              <li
                key={line.id}
                className={styles.line}
                data-speaker={line.speaker}
                data-testid="transcript-line"
              >
                <span className={styles.speaker}>{SPEAKER_NAMES[line.speaker]}</span>
                <span>{line.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <p aria-live="polite" className={visuallyHiddenClass} data-testid="transcript-announcement">
        {announcement}
      </p>
    </section>
  );
}
