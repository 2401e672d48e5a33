'use client';
import { MAX_SCORE } from '@rehearse/interview';
import Link from 'next/link';
import { useCallback } from 'react';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { useRequireUser } from '@/hooks/use-require-user.ts';
import { ApiError, fetchInterviewReport } from '@/lib/client/api.ts';
import { PageStatus } from '../layout/page-status.tsx';
import { CompetencyChart } from './competency-chart.tsx';
import { ReportAnswers } from './report-answers.tsx';

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
      <PageStatus tone="error" title={missing ? 'Report not found' : 'Could not load the report'}>
        <p>{missing ? 'There is no interview with this address in your account.' : resource.error.message}</p>
        <div className="actions">
          {!missing && (
            <button type="button" className="button button--primary" onClick={resource.retry}>
              Try again
            </button>
          )}
          <Link href="/" className="button button--secondary">
            Back to home
          </Link>
        </div>
      </PageStatus>
    );
  }

  const { interview, report, answers } = resource.data;
  if (!report) {
    return (
      <PageStatus title="This interview is not finished yet">
        <p>The report appears when Noah has asked every question and given feedback.</p>
        <Link href="/interview" className="button button--primary">
          Resume interview
        </Link>
      </PageStatus>
    );
  }

  return (
    <article className="stack report">
      <header className="card report__header">
        <h1>Your interview report</h1>
        <p className="muted">
          {dateFormat.format(new Date(interview.ended_at ?? interview.created_at))}
          {interview.role ? ` · ${interview.role}` : ''}
        </p>
        <p className="report__overall" data-testid="overall-score">
          <span className="report__overall-value">
            {report.overall === null ? '–' : report.overall.toFixed(1)}
          </span>
          <span className="report__overall-scale"> / {MAX_SCORE} overall</span>
        </p>
      </header>
      <section className="card" aria-labelledby="scores-heading">
        <h2 id="scores-heading">Scores by competency</h2>
        {report.competency_scores.length > 0 ? (
          <CompetencyChart scores={report.competency_scores} />
        ) : (
          <p className="muted">No answers were scored in this interview.</p>
        )}
      </section>
      <div className="report__feedback">
        <section className="card" aria-labelledby="strengths-heading">
          <h2 id="strengths-heading">Strengths</h2>
          <ul className="bullets">
            {report.strengths.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="improvements-heading">
          <h2 id="improvements-heading">To work on</h2>
          <ul className="bullets">
            {report.improvements.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      </div>
      <ReportAnswers answers={answers} />
      <Link href="/" className="button button--secondary">
        Back to home
      </Link>
    </article>
  );
}
