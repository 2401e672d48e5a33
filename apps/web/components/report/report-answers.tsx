import type { AnswerView } from '@rehearse/api-contract';
import { COMPETENCY_LABELS, MAX_SCORE } from '@rehearse/interview';

/** Each answer: the question, what the candidate said in brief, and the evidence behind each score. */
export function ReportAnswers({ answers }: { answers: AnswerView[] }) {
  return (
    <section className="card" aria-labelledby="answers-heading">
      <h2 id="answers-heading">Your answers</h2>
      <ol className="answers">
        {answers.map((answer) => (
          <li key={answer.question_id} className="answers__item">
            <h3 className="answers__question">{answer.question_text}</h3>
            <p>{answer.summary}</p>
            {answer.scores.length > 0 && (
              <ul className="evidence">
                {answer.scores.map((score) => (
                  <li key={score.competency} className="evidence__item">
                    <span className="evidence__score">
                      {COMPETENCY_LABELS[score.competency]}:{' '}
                      <strong>
                        {score.score}/{MAX_SCORE}
                      </strong>
                    </span>{' '}
                    <span className="evidence__note">{score.evidence}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
