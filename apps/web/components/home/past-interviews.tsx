import type { InterviewSummary } from '@rehearse/api-contract';
import Link from 'next/link';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const STATUS_LABELS: Record<string, string> = {
  pending: 'Not started',
  active: 'In progress',
  completed: 'Completed',
  abandoned: 'Abandoned',
  expired: 'Expired',
};

export function PastInterviews({ interviews }: { interviews: InterviewSummary[] }) {
  return (
    <section className="card" aria-labelledby="past-heading">
      <h2 id="past-heading">Past interviews</h2>
      {interviews.length === 0 ? (
        <p className="muted">Your finished interviews and their reports will appear here.</p>
      ) : (
        <ul className="interview-list">
          {interviews.map((interview) => (
            <li key={interview.id} className="interview-list__item">
              <div>
                <span className="interview-list__date">
                  {dateFormat.format(new Date(interview.created_at))}
                </span>
                {interview.role && <span className="muted"> · {interview.role}</span>}
                <span className={`status status--${interview.status}`}>
                  {STATUS_LABELS[interview.status] ?? interview.status}
                </span>
              </div>
              {interview.has_report && (
                <Link href={`/interviews/${interview.id}/report`} className="button button--secondary">
                  View report
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
