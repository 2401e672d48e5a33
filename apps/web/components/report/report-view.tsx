'use client';
import { MAX_SCORE } from '@rehearse/interview';
import Link from 'next/link';
import { useCallback } from 'react';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { useRequireUser } from '@/hooks/use-require-user.ts';
import { ApiError, fetchInterviewReport } from '@/lib/client/api.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
import { PageStatus } from '../layout/page-status.tsx';
import { buttonClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import { CompetencyChart } from './competency-chart.tsx';
import { DeleteInterview } from './delete-interview.tsx';
import { DeliverySummary } from './delivery-summary.tsx';
import { ProgressComparison } from './progress-comparison.tsx';
import { ReportAnswers } from './report-answers.tsx';
import styles from './report-view.module.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

/** The feedback report of one of the user's interviews (the API answers 404 for anyone else's). */
export function ReportView({ interviewId }: { interviewId: string }) {
  const { status } = useRequireUser();
  const load = useCallback((idToken: string) => fetchInterviewReport(interviewId, idToken), [interviewId]);
  const resource = useApiResource(load);

  if (status !== 'signed-in' || resource.status === 'loading')
    return <PageStatus title="Loading your report…" />;
  if (resource.status === 'error') {
    const missing = resource.error instanceof ApiError && resource.error.status === 404;
    return (
      <ErrorNotice
        title={missing ? 'Report not found' : 'Could not load the report'}
        action={missing ? undefined : { label: 'Try again', onClick: resource.retry }}
        backHome
      >
        <p>{missing ? 'There is no interview with this address in your account.' : resource.error.message}</p>
      </ErrorNotice>
    );
  }

  const { interview, report, answers, delivery } = resource.data;
  if (!report) {
    return (
      <PageStatus title="This interview is not finished yet">
        <p>The report appears when Noah has asked every question and given feedback.</p>
        <Link href="/interview" className={buttonClass('primary')}>
          Resume interview
        </Link>
      </PageStatus>
    );
  }

  return (
    <article className={styles.report}>
      <header className={cardClass}>
        <h1>Your interview report</h1>
        <p className={styles.muted}>
          {dateFormat.format(new Date(interview.ended_at ?? interview.created_at))}
          {interview.role ? ` · ${interview.role}` : ''}
        </p>
        <p className={styles.overall} data-testid="overall-score">
          <span className={styles.overallValue}>
            {report.overall === null ? '–' : report.overall.toFixed(1)}
          </span>
          <span> / {MAX_SCORE} overall</span>
        </p>
      </header>
      <section className={cardClass} aria-labelledby="scores-heading">
        <h2 id="scores-heading">Scores by competency</h2>
        {report.competency_scores.length > 0 ? (
          <CompetencyChart scores={report.competency_scores} />
        ) : (
          <p className={styles.muted}>No answers were scored in this interview.</p>
        )}
      </section>
      <DeliverySummary delivery={delivery} />
      <ProgressComparison
        interviewId={interview.id}
        endedAt={interview.ended_at ?? interview.created_at}
        report={report}
        delivery={delivery}
      />
      <div className={styles.feedback}>
        <section className={cardClass} aria-labelledby="strengths-heading">
          <h2 id="strengths-heading">Strengths</h2>
          <ul className={styles.bullets}>
            {report.strengths.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
        <section className={cardClass} aria-labelledby="improvements-heading">
          <h2 id="improvements-heading">To work on</h2>
          <ul className={styles.bullets}>
            {report.improvements.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      </div>
      <ReportAnswers answers={answers} />
      <Link href="/" className={buttonClass('secondary')}>
        Back to home
      </Link>
      <DeleteInterview interviewId={interview.id} />
    </article>
  );
}
