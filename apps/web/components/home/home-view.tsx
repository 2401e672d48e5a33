'use client';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { useRequireUser } from '@/hooks/use-require-user.ts';
import { listInterviews } from '@/lib/client/api.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
import { PageStatus } from '../layout/page-status.tsx';
import styles from './home-view.module.css';
import { PastInterviews } from './past-interviews.tsx';
import { ProfileSummary } from './profile-summary.tsx';
import { ProgressTrends } from './progress-trends.tsx';
import { StartInterviewCard } from './start-interview-card.tsx';

const UNFINISHED = new Set(['pending', 'active']);

export function HomeView() {
  const { status, user } = useRequireUser();
  const interviews = useApiResource(listInterviews);
  if (status !== 'signed-in' || !user) return <PageStatus title="Loading…" />;
  return (
    <div className={styles.home}>
      <ProfileSummary user={user} />
      {interviews.status === 'loading' && <PageStatus title="Loading your interviews…" />}
      {interviews.status === 'error' && (
        <ErrorNotice
          title="Could not load your interviews"
          action={{ label: 'Try again', onClick: interviews.retry }}
        >
          <p>{interviews.error.message}</p>
        </ErrorNotice>
      )}
      {interviews.status === 'ready' && (
        <>
          <StartInterviewCard
            unfinished={interviews.data.find((item) => UNFINISHED.has(item.status))}
            onAbandoned={interviews.reload}
          />
          <ProgressTrends />
          <PastInterviews interviews={interviews.data.filter((item) => !UNFINISHED.has(item.status))} />
        </>
      )}
    </div>
  );
}
