import type { InterviewSummary } from '@rehearse/api-contract';
import Link from 'next/link';
import { buttonClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import styles from './past-interviews.module.css';

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
    <section className={cardClass} aria-labelledby="past-heading">
      <h2 id="past-heading">Past interviews</h2>
      {interviews.length === 0 ? (
        <p className={styles.empty}>Your finished interviews and their reports will appear here.</p>
      ) : (
        <ul className={styles.list}>
          {interviews.map((interview) => (
            <li key={interview.id} className={styles.item} data-testid="past-interview">
              <div>
                <span>{dateFormat.format(new Date(interview.created_at))}</span>
                {interview.role && <span className={styles.role}> · {interview.role}</span>}
                <span
                  className={`${styles.status} ${interview.status === 'completed' ? styles.completed : ''}`}
                >
                  {STATUS_LABELS[interview.status] ?? interview.status}
                </span>
              </div>
              {interview.has_report && (
                <Link href={`/interviews/${interview.id}/report`} className={buttonClass('secondary')}>
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
