import { ErrorNotice } from '../layout/error-notice.tsx';

export function AgentMissingNotice({ seconds, onRetry }: { seconds: number; onRetry: () => void }) {
  return (
    <ErrorNotice layout="banner" action={{ label: 'Try again', onClick: onRetry }}>
      <p>Noah has not joined after {seconds} seconds. The interviewer may be busy or restarting.</p>
    </ErrorNotice>
  );
}
