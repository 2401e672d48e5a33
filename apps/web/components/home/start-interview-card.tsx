'use client';
import type { InterviewSummary } from '@rehearse/api-contract';
import { DEFAULT_THINKING_TIME, describeProgress, type ThinkingTime } from '@rehearse/interview';
import Link from 'next/link';
import { useState } from 'react';
import { buttonClass, buttonGroupClass } from '../ui/button.ts';
import { cardClass } from '../ui/card.ts';
import { AbandonInterview } from './abandon-interview.tsx';
import { ThinkingTimeChoice } from './thinking-time-choice.tsx';

/** Start a new interview, or resume the unfinished one where it stopped (or abandon it). */
export function StartInterviewCard({
  unfinished,
  onAbandoned,
}: {
  unfinished: InterviewSummary | undefined;
  onAbandoned: () => void;
}) {
  // For a new interview only: a resumed one keeps the thinking time it was started with.
  const [thinkingTime, setThinkingTime] = useState<ThinkingTime>(DEFAULT_THINKING_TIME);
  return (
    <section className={cardClass} aria-labelledby="start-heading">
      <h2 id="start-heading">{unfinished ? 'Your interview is waiting' : 'Ready when you are'}</h2>
      {unfinished ? (
        <p>
          You stopped at{' '}
          <strong data-testid="resume-position">
            {describeProgress({
              phase: unfinished.phase,
              questionNumber: unfinished.question_number,
              totalQuestions: unfinished.question_count,
            })}
          </strong>
          . Noah will pick up from there.
        </p>
      ) : (
        <p>
          A spoken mock interview with Noah: a little about you, a few questions, then feedback and a report.
          Find a quiet place; you will need your microphone. Your answers are recorded so that you can play
          them back in your report; deleting the interview deletes them.
        </p>
      )}
      {!unfinished && <ThinkingTimeChoice value={thinkingTime} onChange={setThinkingTime} />}
      <div className={buttonGroupClass}>
        <Link
          href={
            unfinished || thinkingTime === DEFAULT_THINKING_TIME
              ? '/interview'
              : `/interview?thinking_time=${thinkingTime}`
          }
          className={buttonClass('primary', { size: 'large' })}
        >
          {unfinished ? 'Resume interview' : 'Start Interview'}
        </Link>
        {unfinished && <AbandonInterview interviewId={unfinished.id} onAbandoned={onAbandoned} />}
      </div>
    </section>
  );
}
