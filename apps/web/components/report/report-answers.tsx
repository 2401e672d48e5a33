import { COMPETENCY_LABELS, isCompetency } from '@rehearse/interview';
import type { InterviewReportResponse } from '@/lib/client/api.ts';
import { MAX_SCORE } from '@/lib/client/score-scale.ts';

type Answer = InterviewReportResponse['answers'][number];

/** Each answer: the question, what the candidate said in brief, and the evidence behind each score. */
export function ReportAnswers({ answers }: { answers: Answer[] }) {
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
                      {isCompetency(score.competency)
                        ? COMPETENCY_LABELS[score.competency]
                        : score.competency}
                      :{' '}
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
