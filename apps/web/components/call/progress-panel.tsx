import { describeProgress, type LiveProgress, PHASE_LABELS, PHASES } from '@rehearse/interview';

/** Where the interview stands: the phases as steps, and "question n of m". */
export function ProgressPanel({ progress }: { progress: LiveProgress | null }) {
  const current = progress ? PHASES.indexOf(progress.phase) : -1;
  return (
    <section className="card progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading" className="visually-hidden">
        Interview progress
      </h2>
      <p className="progress__headline" data-testid="progress" aria-live="polite">
        {progress ? describeProgress(progress) : 'Starting…'}
      </p>
      <ol className="steps">
        {PHASES.map((phase, index) => (
          <li
            key={phase}
            className={`steps__item${index < current ? ' steps__item--done' : ''}${index === current ? ' steps__item--current' : ''}`}
            aria-current={index === current ? 'step' : undefined}
          >
            {PHASE_LABELS[phase]}
          </li>
        ))}
      </ol>
    </section>
  );
}
