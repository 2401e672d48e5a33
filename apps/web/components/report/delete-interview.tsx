'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { deleteInterview } from '@/lib/client/api.ts';
import { buttonClass, buttonGroupClass } from '../ui/button.ts';
import styles from './delete-interview.module.css';

type DeleteStep = 'offered' | 'confirming' | 'deleting';

/** Deletes this finished interview (answers, transcript, recordings) after one confirmation, then goes home. */
export function DeleteInterview({ interviewId }: { interviewId: string }) {
  const { getIdToken } = useAuth();
  const router = useRouter();
  const [step, setStep] = useState<DeleteStep>('offered');
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setStep('deleting');
    setError(null);
    try {
      await deleteInterview(interviewId, await getIdToken());
      router.push('/');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setStep('confirming');
    }
  }

  if (step === 'offered') {
    return (
      <button type="button" className={buttonClass('quiet')} onClick={() => setStep('confirming')}>
        Delete interview
      </button>
    );
  }
  return (
    <section className={styles.panel} aria-label="Delete this interview">
      <p>Delete this interview? Its report, answers and recordings are removed for good.</p>
      {error && (
        <p className={styles.error} role="alert">
          Could not delete the interview: {error}
        </p>
      )}
      <div className={buttonGroupClass}>
        <button
          type="button"
          className={buttonClass('danger')}
          disabled={step === 'deleting'}
          onClick={remove}
        >
          Yes, delete it
        </button>
        <button
          type="button"
          className={buttonClass('quiet')}
          disabled={step === 'deleting'}
          onClick={() => setStep('offered')}
        >
          Keep it
        </button>
      </div>
    </section>
  );
}
