import { useId } from 'react';
import styles from './trend-chart.module.css';

export interface TrendPoint {
  /** The interview's date, shown under the point. */
  label: string;
  /** Null: not measured in that interview (a gap in the line). */
  value: number | null;
}

export interface TrendChartProps {
  series: string;
  title: string;
  points: TrendPoint[];
  yMin: number;
  yMax: number;
  format: (value: number) => string;
  /** The good range, shaded behind the line. */
  good?: { from: number; to: number };
}

const WIDTH = 300;
const HEIGHT = 130;
const PAD = { top: 10, right: 12, bottom: 22, left: 34 };

/**
 * One measure across interviews as a line over its good range (hand-written SVG). Screen readers get a
 * sentence with every value, and everyone can open the same data as a table.
 */
export function TrendChart({ series, title, points, yMin, yMax, format, good }: TrendChartProps) {
  const titleId = useId();
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (points.length === 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const y = (value: number) =>
    PAD.top + plotHeight - ((Math.min(yMax, Math.max(yMin, value)) - yMin) / (yMax - yMin)) * plotHeight;
  const measured = points.flatMap((point, index) =>
    point.value === null ? [] : [{ ...point, index, value: point.value }],
  );
  const latest = measured.at(-1);
  const summary = `${title} over your last ${points.length} ${points.length === 1 ? 'interview' : 'interviews'}: ${points
    .map((point) => `${point.label} ${point.value === null ? 'not measured' : format(point.value)}`)
    .join(', ')}.${good ? ` Good range ${format(good.from)} to ${format(good.to)}.` : ''}`;
  const path = measured
    .map((point, order) => `${order === 0 ? 'M' : 'L'}${x(point.index)},${y(point.value)}`)
    .join(' ');

  return (
    <figure className={styles.figure} data-series={series}>
      <figcaption className={styles.caption}>
        <span>{title}</span>
        <span className={styles.latest}>{latest ? format(latest.value) : '–'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} className={styles.svg}>
        <title id={titleId}>{summary}</title>
        {good && (
          <>
            <rect
              x={PAD.left}
              y={y(good.to)}
              width={plotWidth}
              height={Math.max(0, y(good.from) - y(good.to))}
              className={styles.goodBand}
            />
            <text x={PAD.left + 4} y={y(good.to) + 10} className={styles.goodLabel}>
              good
            </text>
          </>
        )}
        {[yMin, (yMin + yMax) / 2, yMax].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className={styles.grid} />
            <text
              x={PAD.left - 6}
              y={y(tick)}
              textAnchor="end"
              dominantBaseline="middle"
              className={styles.axis}
            >
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        ))}
        {points.map((point, index) => (
          <text
            key={`${point.label}-${index.toString()}`}
            x={x(index)}
            y={HEIGHT - 6}
            textAnchor="middle"
            className={styles.axis}
          >
            {point.label}
          </text>
        ))}
        {measured.length > 1 && <path d={path} className={styles.line} />}
        {measured.map((point) => (
          <circle
            key={point.index}
            cx={x(point.index)}
            cy={y(point.value)}
            r={4.5}
            className={point === latest ? styles.pointLatest : styles.point}
            data-value={point.value}
          >
            <title>{`${point.label}: ${format(point.value)}`}</title>
          </circle>
        ))}
      </svg>
      <details className={styles.details}>
        <summary>Show as table</summary>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Interview</th>
              <th scope="col">{title}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point, index) => (
              <tr key={`${point.label}-${index.toString()}`}>
                <td>{point.label}</td>
                <td>{point.value === null ? 'not measured' : format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
