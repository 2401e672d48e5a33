import { ErrorNotice } from '../layout/error-notice.tsx';

/** Noah cannot speak without the model, so the page says what happened and offers to carry on. */
export function ModelLostNotice({ onResume }: { onResume: () => void }) {
  return (
    <ErrorNotice layout="banner" testId="model-lost" action={{ label: 'Resume', onClick: onResume }}>
      <p>Noah lost his connection — your progress is saved.</p>
    </ErrorNotice>
  );
}
