import { describeProgress, type LiveProgress, PHASE_LABELS, PHASES } from '@rehearse/interview';
import { cardClass } from '../ui/card.ts';
import { visuallyHiddenClass } from '../ui/visually-hidden.ts';
import styles from './progress-panel.module.css';

/** Where the interview stands: the phases as steps, and "question n of m" (announced politely). */
export function ProgressPanel({ progress }: { progress: LiveProgress | null }) {
  const current = progress ? PHASES.indexOf(progress.phase) : -1;
  const stepClass = (index: number) =>
    [styles.step, index < current && styles.done, index === current && styles.current]
      .filter(Boolean)
      .join(' ');
  return (
    <section className={cardClass} aria-labelledby="progress-heading">
      <h2 id="progress-heading" className={visuallyHiddenClass}>
        Interview progress
      </h2>
      <p className={styles.headline} data-testid="progress" aria-live="polite">
        {progress ? describeProgress(progress) : 'Starting…'}
      </p>
      <ol className={styles.steps}>
        {PHASES.map((phase, index) => (
          <li key={phase} className={stepClass(index)} aria-current={index === current ? 'step' : undefined}>
            {PHASE_LABELS[phase]}
            {index < current && <span className={visuallyHiddenClass}> (done)</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
