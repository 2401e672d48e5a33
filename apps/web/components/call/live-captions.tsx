import { SPEAKER_NAMES, type TranscriptLine } from '@/lib/client/transcript.ts';
import styles from './live-captions.module.css';

/** How many of the latest lines the captions show: Noah's question and the candidate's answer. */
const SHOWN = 2;

/**
 * Captions under Noah: the words as they are transcribed, word by word, for a candidate who cannot (or
 * would rather not) listen. Not a live region: the transcript announces each finished line once.
 */
export function LiveCaptions({ lines }: { lines: readonly TranscriptLine[] }) {
  const latest = lines.slice(-SHOWN);
  return (
    <figure className={styles.captions} aria-label="Live captions" data-testid="live-captions">
      {latest.length === 0 ? (
        <p className={styles.waiting}>Captions appear here as you and Noah speak.</p>
      ) : (
        latest.map((line) => (
          <p key={line.id} className={styles.line} data-speaker={line.speaker}>
            <span className={styles.speaker}>{SPEAKER_NAMES[line.speaker]}:</span> {line.text}
          </p>
        ))
      )}
    </figure>
  );
}
