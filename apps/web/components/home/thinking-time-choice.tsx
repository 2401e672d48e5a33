'use client';
import {
  SILENCE_MS_BY_THINKING_TIME,
  THINKING_TIME_LABELS,
  THINKING_TIMES,
  type ThinkingTime,
} from '@rehearse/interview';
import styles from './thinking-time-choice.module.css';

const HINTS: Record<ThinkingTime, string> = {
  short: 'Noah answers as soon as you pause',
  normal: 'room for a short hesitation',
  long: 'take time to think mid-answer',
};

/** How long Noah waits through a silence before he answers: radio buttons, one per setting. */
export function ThinkingTimeChoice({
  value,
  onChange,
}: {
  value: ThinkingTime;
  onChange: (value: ThinkingTime) => void;
}) {
  return (
    <fieldset className={styles.choice}>
      <legend className={styles.legend}>Thinking time before Noah answers</legend>
      {THINKING_TIMES.map((option) => (
        <label key={option} className={styles.option}>
          <input
            type="radio"
            name="thinking-time"
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          <span>
            <strong>{THINKING_TIME_LABELS[option]}</strong> ({SILENCE_MS_BY_THINKING_TIME[option] / 1000} s):{' '}
            {HINTS[option]}
          </span>
        </label>
      ))}
      <p className={styles.note}>Whatever you choose, “I’m done” in the call ends your answer at once.</p>
    </fieldset>
  );
}
