import type { DeliveryMeasureView } from '@rehearse/api-contract';
import { DELIVERY_MEASURE_INFO, type DeliveryMeasure } from '@rehearse/interview';
import { BandBadge } from '../delivery/band-badge.tsx';
import { describeMeasure, type MeasureScope, measureLabel } from '../delivery/format-measure.ts';
import styles from './measure-item.module.css';

/** One measure: its value, its band, one line of advice and the threshold in plain words. */
export function MeasureItem({
  measure,
  view,
  scope,
}: {
  measure: DeliveryMeasure;
  view: DeliveryMeasureView;
  scope: MeasureScope;
}) {
  const band = view.band ?? 'none';
  const layout = scope === 'interview' ? styles.tile : styles.row;
  return (
    <li className={`${styles.item} ${layout} ${styles[band]}`} data-measure={measure} data-band={band}>
      <div className={styles.head}>
        <span className={styles.label}>{measureLabel(measure, scope)}</span>
        <BandBadge band={view.band} />
      </div>
      <span className={styles.value} data-testid={`${scope}-${measure}-value`}>
        {describeMeasure(measure, view, scope)}
      </span>
      <div className={styles.text}>
        <p className={styles.advice}>{view.advice}</p>
        <p className={styles.explain}>{DELIVERY_MEASURE_INFO[measure].explanation}</p>
      </div>
    </li>
  );
}
