import type { DeliverySummaryView } from '@rehearse/api-contract';
import { DELIVERY_MEASURES } from '@rehearse/interview';
import { cardClass } from '../ui/card.ts';
import styles from './delivery-summary.module.css';
import { MeasureItem } from './measure-item.tsx';

/** How the candidate spoke over the whole interview (from the recorded answers). */
export function DeliverySummary({ delivery }: { delivery: DeliverySummaryView | null }) {
  return (
    <section className={cardClass} aria-labelledby="delivery-heading" data-testid="delivery-summary">
      <h2 id="delivery-heading">How you spoke</h2>
      {delivery === null ? (
        <p className={styles.muted}>
          No recording of this interview's answers, so there is nothing to measure.
        </p>
      ) : (
        <>
          <ul className={styles.grid}>
            {DELIVERY_MEASURES.map((measure) => (
              <MeasureItem
                key={measure}
                measure={measure}
                view={delivery.measures[measure]}
                scope="interview"
              />
            ))}
          </ul>
          <p className={styles.note}>
            Over {delivery.answer_count} recorded {delivery.answer_count === 1 ? 'answer' : 'answers'}:{' '}
            {delivery.word_count} words in {Math.round(delivery.voiced_ms / 1000)} s of speech,{' '}
            {delivery.filler_count} {delivery.filler_count === 1 ? 'filler' : 'fillers'},{' '}
            {delivery.answers_on_target} of {delivery.answer_count} answers on target length.
            {delivery.answers_with_incomplete_transcript > 0 &&
              ` The transcription missed words in ${delivery.answers_with_incomplete_transcript} ${
                delivery.answers_with_incomplete_transcript === 1 ? 'answer' : 'answers'
              }: pace leaves ${delivery.answers_with_incomplete_transcript === 1 ? 'it' : 'them'} out, and fillers are counted over what was transcribed.`}
          </p>
        </>
      )}
    </section>
  );
}
