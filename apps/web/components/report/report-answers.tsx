import type { AnswerView } from '@rehearse/api-contract';
import { COMPETENCY_LABELS, MAX_SCORE } from '@rehearse/interview';
import { cardClass } from '../ui/card.ts';
import { AnswerDelivery } from './answer-delivery.tsx';
import { AnswerReplay } from './answer-replay.tsx';
import styles from './report-answers.module.css';

/** Each answer: the question, what the candidate said in brief, and the evidence behind each score. */
export function ReportAnswers({ answers }: { answers: AnswerView[] }) {
  return (
    <section className={cardClass} aria-labelledby="answers-heading">
      <h2 id="answers-heading">Your answers</h2>
      <ol className={styles.answers}>
        {answers.map((answer) => (
          <li key={answer.question_id}>
            <h3>{answer.question_text}</h3>
            <p>{answer.summary}</p>
            {answer.recording && (
              <AnswerReplay
                questionId={answer.question_id}
                questionText={answer.question_text}
                recording={answer.recording}
              />
            )}
            {answer.scores.length > 0 && (
              <ul className={styles.evidence}>
                {answer.scores.map((score) => (
                  <li key={score.competency} className={styles.evidenceItem}>
                    <span>
                      {COMPETENCY_LABELS[score.competency]}:{' '}
                      <strong>
                        {score.score}/{MAX_SCORE}
                      </strong>
                    </span>{' '}
                    <span className={styles.note}>{score.evidence}</span>
                  </li>
                ))}
              </ul>
            )}
            {answer.delivery && <AnswerDelivery delivery={answer.delivery} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
