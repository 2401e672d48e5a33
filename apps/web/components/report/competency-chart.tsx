import type { ReportCard } from '@rehearse/api-contract';
import { COMPETENCY_LABELS, MAX_SCORE } from '@rehearse/interview';
import styles from './competency-chart.module.css';

type CompetencyBar = ReportCard['competency_scores'][number];

const ROW_HEIGHT = 36;
const LABEL_WIDTH = 132;
const BAR_WIDTH = 160;
const VALUE_WIDTH = 56;

/** Average score per competency as horizontal bars on a 0–5 scale; the table beside it carries the same data. */
export function CompetencyChart({ scores }: { scores: CompetencyBar[] }) {
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = scores.length * ROW_HEIGHT;
  const summary = `Average score per competency, out of ${MAX_SCORE}: ${scores
    .map((score) => `${COMPETENCY_LABELS[score.competency]} ${score.average.toFixed(1)}`)
    .join(', ')}.`;
  return (
    <figure className={styles.chart}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="chart-title"
        className={styles.svg}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id="chart-title">{summary}</title>
        {scores.map((score, index) => {
          const y = index * ROW_HEIGHT;
          const barWidth = (Math.max(0, Math.min(MAX_SCORE, score.average)) / MAX_SCORE) * BAR_WIDTH;
          return (
            <g key={score.competency} transform={`translate(0 ${y})`} data-competency={score.competency}>
              <text x={0} y={ROW_HEIGHT / 2} dominantBaseline="middle" className={styles.label}>
                {COMPETENCY_LABELS[score.competency]}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={8}
                width={BAR_WIDTH}
                height={ROW_HEIGHT - 16}
                rx={4}
                className={styles.track}
              />
              <rect
                x={LABEL_WIDTH}
                y={8}
                width={barWidth}
                height={ROW_HEIGHT - 16}
                rx={4}
                className={styles.bar}
              />
              <text
                x={LABEL_WIDTH + BAR_WIDTH + 8}
                y={ROW_HEIGHT / 2}
                dominantBaseline="middle"
                className={styles.value}
                data-testid="competency-score"
              >
                {score.average.toFixed(1)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
