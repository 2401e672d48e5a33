import type { InterviewSummary } from '@rehearse/api-contract';
import { describeProgress } from '@rehearse/interview';
import Link from 'next/link';
import { AbandonInterview } from './abandon-interview.tsx';

/** Start a new interview, or resume the unfinished one where it stopped (or abandon it). */
export function StartInterviewCard({
  unfinished,
  onAbandoned,
}: {
  unfinished: InterviewSummary | undefined;
  onAbandoned: () => void;
}) {
  return (
    <section className="card start-card" aria-labelledby="start-heading">
      <h2 id="start-heading">{unfinished ? 'Your interview is waiting' : 'Ready when you are'}</h2>
      {unfinished ? (
        <p>
          You stopped at{' '}
          <strong data-testid="resume-position">
            {describeProgress({
              phase: unfinished.phase,
              questionNumber: unfinished.question_number,
              totalQuestions: unfinished.question_count,
            })}
          </strong>
          . Noah will pick up from there.
        </p>
      ) : (
        <p>
          A spoken mock interview with Noah: a little about you, a few questions, then feedback and a report.
          Find a quiet place; you will need your microphone.
        </p>
      )}
      <div className="actions">
        <Link href="/interview" className="button button--primary button--large">
          {unfinished ? 'Resume interview' : 'Start Interview'}
        </Link>
        {unfinished && <AbandonInterview interviewId={unfinished.id} onAbandoned={onAbandoned} />}
      </div>
    </section>
  );
}
