import {
  type InterviewState,
  newInterview,
  nextQuestion,
  type RecordAnswerInput,
  recordAnswer,
  saveProfile,
  type TransitionResult,
  type TransitionSuccess,
} from '../src/index.ts';

/** Unwraps a successful transition; fails the test with the model-facing error otherwise. */
export function expectOk<Extra extends object>(result: TransitionResult<Extra>): TransitionSuccess<Extra> {
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result;
}

export function expectError(result: { ok: boolean; error?: string }): string {
  if (result.ok || result.error === undefined) throw new Error('expected a failure, got success');
  return result.error;
}

let nextCallId = 0;

export function answerInput(
  questionId: string,
  overrides: Partial<RecordAnswerInput> = {},
): RecordAnswerInput {
  nextCallId += 1;
  return {
    toolCallId: `call-${nextCallId}`,
    questionId,
    summary: `Answer to ${questionId}.`,
    scores: [{ competency: 'communication', score: 4, evidence: 'Clear and structured.' }],
    ...overrides,
  };
}

export function started(candidateName = 'Ada Lovelace'): InterviewState {
  return newInterview({ candidateName });
}

/** Background phase, software engineer, 3 questions. */
export function inBackground(): InterviewState {
  return expectOk(
    saveProfile(started(), { name: 'Ada', targetRole: 'backend developer', experienceYears: 4 }),
  ).state;
}

export function backgroundAnswered(): InterviewState {
  return expectOk(recordAnswer(inBackground(), answerInput('background'))).state;
}

/** At the given 0-based question index, with the questions before it answered. */
export function atQuestion(index: number): InterviewState {
  let state = expectOk(nextQuestion(backgroundAnswered())).state;
  for (let i = 0; i < index; i += 1) {
    const id = state.questionIds[state.questionIndex] ?? '';
    state = expectOk(recordAnswer(state, answerInput(id))).state;
    state = expectOk(nextQuestion(state)).state;
  }
  return state;
}

export function currentAnswered(index: number): InterviewState {
  const state = atQuestion(index);
  return expectOk(recordAnswer(state, answerInput(state.questionIds[index] ?? ''))).state;
}

export function inWrapUp(): InterviewState {
  return expectOk(nextQuestion(currentAnswered(2))).state;
}
