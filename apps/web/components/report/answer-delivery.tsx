import type { AnswerDeliveryView } from '@rehearse/api-contract';
import { DELIVERY_MEASURES } from '@rehearse/interview';
import styles from './answer-delivery.module.css';
import { MeasureItem } from './measure-item.tsx';

/** One answer's delivery under its scores: each measure with band, threshold and advice, and which fillers. */
export function AnswerDelivery({ delivery }: { delivery: AnswerDeliveryView }) {
  return (
    <div className={styles.delivery} data-testid="answer-delivery">
      <h4 className={styles.title}>
        How you said it · target {delivery.target.min_seconds}–{delivery.target.max_seconds} s
      </h4>
      {!delivery.transcript_complete && (
        <p className={styles.warning} role="note">
          Not enough transcript: the transcription caught only {delivery.word_count} words in{' '}
          {Math.round(delivery.voiced_ms / 1000)} s of speech, so pace is not shown and fillers are counted
          over the part it caught. Timing and pauses come from the audio and are complete.
        </p>
      )}
      <ul className={styles.list}>
        {DELIVERY_MEASURES.map((measure) => (
          <MeasureItem key={measure} measure={measure} view={delivery.measures[measure]} scope="answer" />
        ))}
      </ul>
      <p className={styles.fillers} data-testid="answer-fillers">
        {delivery.fillers.length === 0
          ? 'No fillers heard.'
          : `Fillers heard: ${delivery.fillers.map((item) => `“${item.filler}” ×${item.count}`).join(', ')}.`}
        {delivery.long_pause_count > 0 &&
          ` Longest pause: ${(delivery.longest_pause_ms / 1000).toFixed(1)} s.`}
      </p>
    </div>
  );
}
