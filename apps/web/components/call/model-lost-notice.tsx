/** Noah cannot speak without the model, so the page says what happened and offers to carry on. */
export function ModelLostNotice({ onResume }: { onResume: () => void }) {
  return (
    <div className="banner banner--error" role="alert" data-testid="model-lost">
      <p>Noah lost his connection — your progress is saved.</p>
      <button type="button" className="button button--primary" onClick={onResume}>
        Resume
      </button>
    </div>
  );
}
