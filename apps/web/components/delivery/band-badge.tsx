import { DELIVERY_BAND_LABELS, type DeliveryBand } from '@rehearse/interview';
import styles from './band-badge.module.css';

/** A measure's band as a coloured pill with its word (never colour alone). */
export function BandBadge({ band }: { band: DeliveryBand | null }) {
  return (
    <span className={`${styles.badge} ${styles[band ?? 'none']}`} data-band={band ?? 'none'}>
      {band ? DELIVERY_BAND_LABELS[band] : 'Not measured'}
    </span>
  );
}
