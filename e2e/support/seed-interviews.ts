import { randomUUID } from 'node:crypto';
import type { Database } from '@rehearse/db';
import { competencyAverages, overallScore, type Score, type VoicedSegment } from '@rehearse/interview';

/** One answer of a seeded interview, with the `answer_recordings` timing row the agent would have stored. */
export interface SeededAnswer {
  questionId: string;
  scores: Score[];
  recording: {
    durationMs: number;
    speechSegments: VoicedSegment[];
    agentSpeechMs: number;
    candidateText: string;
  } | null;
}

/**
 * A completed interview written straight to the test database as the agent leaves one: answers, the
 * report built by the domain, the recordings' metadata rows (no audio) and `ended_at`.
 */
export async function seedCompletedInterview(
  database: Database,
  user: { uid: string; email: string },
  options: { endedAt: Date; answers: SeededAnswer[] },
): Promise<string> {
  await database.users.upsert({ uid: user.uid, email: user.email });
  const interview = await database.interviews.create({
    userId: user.uid,
    roomName: `interview-${randomUUID()}`,
  });
  for (const [index, answer] of options.answers.entries()) {
    await database.answers.record({
      sessionId: interview.id,
      questionId: answer.questionId,
      questionText: `Question ${answer.questionId}`,
      summary: `Answer to ${answer.questionId}.`,
      scores: answer.scores,
      toolCallId: `call-${index}`,
    });
    if (answer.recording) {
      await database.recordings.record({
        sessionId: interview.id,
        questionId: answer.questionId,
        questionIndex: index,
        mimeType: 'audio/ogg; codecs=opus',
        byteLength: 0,
        storageKey: `${interview.id}/${answer.questionId}.ogg`,
        ...answer.recording,
      });
    }
  }
  const questionIds = options.answers.map((answer) => answer.questionId);
  // The stored report as finish_interview builds it (packages/interview/src/report.ts).
  const report = {
    competencyScores: competencyAverages(options.answers),
    overall: overallScore(options.answers),
    strengths: ['Clear structure.'],
    improvements: ['Name the trade-offs.'],
    answers: [],
  };
  await database.interviews.updateState(interview.id, {
    phase: 'completed',
    questionIds,
    questionIndex: questionIds.length,
    state: {},
    status: 'completed',
    report,
  });
  await database.pool.query('UPDATE interview_sessions SET ended_at = $2 WHERE id = $1', [
    interview.id,
    options.endedAt,
  ]);
  return interview.id;
}
