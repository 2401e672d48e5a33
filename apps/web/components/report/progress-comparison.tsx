'use client';
import type { DeliverySummaryView, ProgressPoint, ReportCard } from '@rehearse/api-contract';
import {
  COMPETENCY_LABELS,
  type Comparison,
  compareWithPrevious,
  DELIVERY_MEASURES,
  type DeliveryMeasure,
  SCORE_TREND_THRESHOLD,
  SUMMARY_THRESHOLDS,
} from '@rehearse/interview';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { fetchProgress } from '@/lib/client/api.ts';
import { formatMeasureValue, measureLabel } from '../delivery/format-measure.ts';
import { cardClass } from '../ui/card.ts';
import { visuallyHiddenClass } from '../ui/visually-hidden.ts';
import styles from './progress-comparison.module.css';

interface Row {
  key: string;
  label: string;
  current: string;
  comparison: Comparison;
  format: (value: number) => string;
}

function signed(text: string, delta: number): string {
  if (Math.abs(delta) < 1e-9) return '±0';
  return `${delta > 0 ? '+' : '−'}${text}`;
}

function DeltaCell({ row }: { row: Row }) {
  const { delta, trend } = row.comparison;
  // The arrow shows which way the value moved; the colour and the word, whether that was better.
  return (
    <span className={`${styles.delta} ${styles[trend]}`} data-trend={trend}>
      <span className={styles.arrow} aria-hidden="true">
        {delta > 1e-9 ? '▲' : delta < -1e-9 ? '▼' : '■'}
      </span>
      {signed(row.format(Math.abs(delta)), delta)}
      <span className={visuallyHiddenClass}> ({trend})</span>
    </span>
  );
}

function competencyRows(report: ReportCard, previous: ProgressPoint[]): Row[] {
  return report.competency_scores.flatMap((score) => {
    const comparison = compareWithPrevious(
      score.average,
      previous.map(
        (point) =>
          point.competency_scores.find((item) => item.competency === score.competency)?.average ?? null,
      ),
      SCORE_TREND_THRESHOLD,
    );
    const format = (value: number) => value.toFixed(1);
    return comparison
      ? [
          {
            key: score.competency,
            label: COMPETENCY_LABELS[score.competency],
            current: format(score.average),
            comparison,
            format,
          },
        ]
      : [];
  });
}

function deliveryRows(delivery: DeliverySummaryView | null, previous: ProgressPoint[]): Row[] {
  if (!delivery) return [];
  return DELIVERY_MEASURES.flatMap((measure: DeliveryMeasure) => {
    const current = delivery.measures[measure].value;
    const comparison = compareWithPrevious(
      current,
      previous.map((point) => point.delivery?.measures[measure].value ?? null),
      SUMMARY_THRESHOLDS[measure],
    );
    const format = (value: number) => formatMeasureValue(measure, value, 'interview');
    return comparison && current !== null
      ? [
          {
            key: measure,
            label: measureLabel(measure, 'interview'),
            current: format(current),
            comparison,
            format,
          },
        ]
      : [];
  });
}

function RowGroup({ title, rows }: { title: string; rows: Row[] }) {
  if (rows.length === 0) return null;
  return (
    <tbody>
      <tr className={styles.group}>
        <th colSpan={4} scope="colgroup">
          {title}
        </th>
      </tr>
      {rows.map((row) => (
        <tr key={row.key} data-row={row.key}>
          <th scope="row">{row.label}</th>
          <td data-testid={`compare-${row.key}-current`}>{row.current}</td>
          <td data-testid={`compare-${row.key}-previous`}>{row.format(row.comparison.previousAverage)}</td>
          <td data-testid={`compare-${row.key}-delta`}>
            <DeltaCell row={row} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}

/** This interview against the average of the user's earlier ones, per competency and per delivery measure. */
export function ProgressComparison({
  interviewId,
  endedAt,
  report,
  delivery,
}: {
  interviewId: string;
  endedAt: string;
  report: ReportCard;
  delivery: DeliverySummaryView | null;
}) {
  const progress = useApiResource(fetchProgress);
  if (progress.status !== 'ready') return null;
  const previous = progress.data.filter(
    (point) => point.interview_id !== interviewId && Date.parse(point.ended_at) < Date.parse(endedAt),
  );
  const competencies = competencyRows(report, previous);
  const measures = deliveryRows(delivery, previous);
  return (
    <section className={cardClass} aria-labelledby="comparison-heading" data-testid="progress-comparison">
      <h2 id="comparison-heading">Compared with your earlier interviews</h2>
      {previous.length === 0 ? (
        <p className={styles.muted}>
          This is your first completed interview: the next one will be compared with it.
        </p>
      ) : (
        <>
          <p className={styles.muted}>
            This interview against the average of your {previous.length} earlier{' '}
            {previous.length === 1 ? 'one' : 'ones'}. The arrow shows which way a value moved; green is
            better, red is worse, grey is steady (unchanged, or within the good range either way).
          </p>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">This time</th>
                <th scope="col">Before (average)</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <RowGroup title="Scores" rows={competencies} />
            <RowGroup title="Delivery" rows={measures} />
          </table>
        </>
      )}
    </section>
  );
}
