'use client';
import type { ProgressPoint } from '@rehearse/api-contract';
import {
  COMPETENCIES,
  COMPETENCY_LABELS,
  DELIVERY_MEASURES,
  type DeliveryMeasure,
  MAX_SCORE,
  MIN_SCORE,
  SUMMARY_THRESHOLDS,
  type Threshold,
} from '@rehearse/interview';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { fetchProgress } from '@/lib/client/api.ts';
import { formatMeasureValue, measureLabel } from '../delivery/format-measure.ts';
import styles from './progress-trends.module.css';
import { TrendChart } from './trend-chart.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** Each delivery measure's usual span, widened when a value falls outside it. */
const DELIVERY_SCALES: Readonly<Record<DeliveryMeasure, { min: number; max: number }>> = {
  pace: { min: 80, max: 220 },
  fillers: { min: 0, max: 8 },
  long_pauses: { min: 0, max: 4 },
  talk_ratio: { min: 0, max: 1 },
  answer_length: { min: 0, max: 1 },
};

function goodRange(threshold: Threshold, scale: { min: number; max: number }) {
  switch (threshold.kind) {
    case 'range':
      return { from: threshold.goodMin, to: threshold.goodMax };
    case 'at_most':
      return { from: scale.min, to: threshold.good };
    case 'at_least':
      return { from: threshold.good, to: scale.max };
  }
}

function DeliveryTrend({ measure, interviews }: { measure: DeliveryMeasure; interviews: ProgressPoint[] }) {
  const points = interviews.map((point) => ({
    label: dateFormat.format(new Date(point.ended_at)),
    value: point.delivery?.measures[measure].value ?? null,
  }));
  const values = points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const scale = {
    min: Math.min(DELIVERY_SCALES[measure].min, ...values),
    max: Math.max(DELIVERY_SCALES[measure].max, ...values),
  };
  return (
    <TrendChart
      series={measure}
      title={measureLabel(measure, 'interview')}
      points={points}
      yMin={scale.min}
      yMax={scale.max}
      format={(value) => formatMeasureValue(measure, value, 'interview')}
      good={goodRange(SUMMARY_THRESHOLDS[measure], scale)}
    />
  );
}

/** Home's trend: every competency's average and every delivery measure across the user's completed interviews. */
export function ProgressTrends() {
  const progress = useApiResource(fetchProgress);
  if (progress.status !== 'ready' || progress.data.length === 0) return null;
  const interviews = progress.data;
  const labels = interviews.map((point) => dateFormat.format(new Date(point.ended_at)));
  const competencies = COMPETENCIES.filter((competency) =>
    interviews.some((point) => point.competency_scores.some((score) => score.competency === competency)),
  );
  const anyDelivery = interviews.some((point) => point.delivery !== null);
  return (
    <section
      className={`card ${styles.section}`}
      aria-labelledby="trends-heading"
      data-testid="progress-trends"
    >
      <h2 id="trends-heading">Your progress</h2>
      <p className={styles.muted}>
        Your last {interviews.length} completed {interviews.length === 1 ? 'interview' : 'interviews'}, oldest
        on the left. The green band is the good range.
      </p>
      <h3 className={styles.groupTitle}>Scores</h3>
      <div className={styles.grid}>
        {competencies.map((competency) => (
          <TrendChart
            key={competency}
            series={competency}
            title={COMPETENCY_LABELS[competency]}
            points={interviews.map((point, index) => ({
              label: labels[index] ?? '',
              value:
                point.competency_scores.find((score) => score.competency === competency)?.average ?? null,
            }))}
            yMin={MIN_SCORE}
            yMax={MAX_SCORE}
            format={(value) => value.toFixed(1)}
          />
        ))}
      </div>
      {anyDelivery && (
        <>
          <h3 className={styles.groupTitle}>How you spoke</h3>
          <div className={styles.grid}>
            {DELIVERY_MEASURES.map((measure) => (
              <DeliveryTrend key={measure} measure={measure} interviews={interviews} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
