'use client';
import { useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { abandonInterview } from '@/lib/client/api.ts';
import { ErrorNotice } from '../layout/error-notice.tsx';
import { buttonClass, buttonGroupClass } from '../ui/button.ts';
import styles from './abandon-interview.module.css';

type Step = 'offered' | 'confirming' | 'abandoning';

/** Gives up the unfinished interview after one confirmation; the home page then offers a fresh start. */
export function AbandonInterview({
  interviewId,
  onAbandoned,
}: {
  interviewId: string;
  onAbandoned: () => void;
}) {
  const { getIdToken } = useAuth();
  const [step, setStep] = useState<Step>('offered');
  const [error, setError] = useState<string | null>(null);

  async function abandon() {
    setStep('abandoning');
    setError(null);
    try {
      await abandonInterview(interviewId, await getIdToken());
      onAbandoned();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setStep('confirming');
    }
  }

  if (step === 'offered') {
    return (
      <button type="button" className={buttonClass('quiet')} onClick={() => setStep('confirming')}>
        Abandon interview
      </button>
    );
  }
  return (
    <div className={styles.confirm}>
      <p>Abandon this interview? Noah stops, you cannot resume it, and your next interview starts fresh.</p>
      {error && <ErrorNotice layout="inline">Could not abandon the interview: {error}</ErrorNotice>}
      <div className={buttonGroupClass}>
        <button
          type="button"
          className={buttonClass('danger')}
          disabled={step === 'abandoning'}
          onClick={abandon}
        >
          Yes, abandon it
        </button>
        <button
          type="button"
          className={buttonClass('quiet')}
          disabled={step === 'abandoning'}
          onClick={() => setStep('offered')}
        >
          Keep it
        </button>
      </div>
    </div>
  );
}
