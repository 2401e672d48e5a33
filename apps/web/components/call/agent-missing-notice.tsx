export function AgentMissingNotice({ seconds, onRetry }: { seconds: number; onRetry: () => void }) {
  return (
    <div className="banner banner--error" role="alert">
      <p>Noah has not joined after {seconds} seconds. The interviewer may be busy or restarting.</p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
