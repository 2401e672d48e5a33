'use client';
import { useApiResource } from '@/hooks/use-api-resource.ts';
import { useRequireUser } from '@/hooks/use-require-user.ts';
import { listInterviews } from '@/lib/client/api.ts';
import { PageStatus } from '../layout/page-status.tsx';
import { PastInterviews } from './past-interviews.tsx';
import { ProfileSummary } from './profile-summary.tsx';
import { StartInterviewCard } from './start-interview-card.tsx';

const UNFINISHED = new Set(['pending', 'active']);

export function HomeView() {
  const { status, user } = useRequireUser();
  const interviews = useApiResource(listInterviews);
  if (status !== 'signed-in' || !user) return <PageStatus title="Loading…" />;
  return (
    <div className="stack">
      <ProfileSummary user={user} />
      {interviews.status === 'loading' && <PageStatus title="Loading your interviews…" />}
      {interviews.status === 'error' && (
        <PageStatus title="Could not load your interviews" tone="error">
          <p>{interviews.error.message}</p>
          <button type="button" className="button button--secondary" onClick={interviews.retry}>
            Try again
          </button>
        </PageStatus>
      )}
      {interviews.status === 'ready' && (
        <>
          <StartInterviewCard
            unfinished={interviews.data.find((item) => UNFINISHED.has(item.status))}
            onAbandoned={interviews.reload}
          />
          <PastInterviews interviews={interviews.data.filter((item) => !UNFINISHED.has(item.status))} />
        </>
      )}
    </div>
  );
}
