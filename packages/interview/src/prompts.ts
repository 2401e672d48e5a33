import { currentAnswer, currentQuestion } from './current-question.ts';
import { BACKGROUND_QUESTION_ID } from './question-bank.ts';
import { ROLE_LABELS } from './roles.ts';
import { MAX_SCORE, MIN_SCORE } from './score-scale.ts';
import { type InterviewState, MAX_NAME_LENGTH } from './state.ts';

export const INTERVIEWER_NAME = 'Noah';

/** Said when the database could not be read: the agent starts a fresh interview instead. */
export const FALLBACK_GREETING =
  "Hi, I'm Noah, your interview coach! Let's start fresh today. Tell me about your background: which role are you preparing for, and how many years of experience do you have?";

/** Said (or logged) when nobody joined the room in time, just before the agent leaves. */
export const NO_PARTICIPANT_LINE = "I can't hear anyone. Please refresh and try again.";

export const SYSTEM_INSTRUCTIONS = `You are ${INTERVIEWER_NAME}, a warm, professional interview coach running a spoken mock interview.

Style: short, natural spoken turns. Ask exactly one question at a time, then stop and listen. Never answer for the candidate or invent what they said. Keep your own turns under about 30 seconds.

The interview has phases: profile, background, questions, wrap-up. Tools keep the record; follow the instruction each tool returns. Call tools silently: do not announce them or read their results aloud. If a tool returns an error, follow what it says.
- Profile: learn the candidate's name, the role they are preparing for and their years of experience, then call save_profile.
- Background: ask the background question. When they have answered, call record_answer with question_id "${BACKGROUND_QUESTION_ID}", then call next_question.
- Questions: ask the current question; one short follow-up is fine. Then call record_answer with that question's id, a one or two sentence summary, and scores for the competencies the answer showed, then call next_question.
- Wrap-up: ask if they want to add anything, give brief spoken feedback (two strengths, two things to improve), then call finish_interview with the same strengths and improvements.
- If the candidate asks to stop early during the questions, wrap up briefly and call finish_interview.

Scoring: each score is a whole number from ${MIN_SCORE} to ${MAX_SCORE} (1 no evidence, 2 weak, 3 solid, 4 strong, 5 exceptional) for communication, problem_solving, technical_depth, ownership or collaboration, each with a short evidence note based on what the candidate actually said. Do not tell the candidate their scores during the questions.`;

/** Wraps a fixed line so the realtime model speaks it as written. */
export function sayExactly(line: string): string {
  return `Say exactly this to the candidate, then stop and listen: "${line}"`;
}

/** First words of a new interview (phase 'profile', nothing recorded yet). */
export function greetingInstruction(state: InterviewState): string {
  const name = speakableName(state.candidateName);
  const intro = `Introduce yourself as ${INTERVIEWER_NAME}, their interview coach, and explain in one sentence how this works: a little about them, then a few interview questions, then feedback.`;
  if (name === '') {
    return `Greet the candidate warmly. ${intro} Then ask their name, which role they are preparing for, and how many years of experience they have. Do not call any tool yet.`;
  }
  return `Greet the candidate named ${name} warmly, using their name. ${intro} Then ask which role they are preparing for and how many years of experience they have. Do not call any tool yet.`;
}

/** First words when the candidate comes back to an interview in progress (refresh, dropped network). */
export function resumeInstruction(state: InterviewState): string {
  const name = speakableName(state.profile?.name ?? state.candidateName);
  const who = name === '' ? 'The candidate' : `The candidate ${name}`;
  const welcome =
    state.phase === 'completed'
      ? `${who} has come back after finishing the interview.`
      : `${who} has reconnected to an interview already in progress. Welcome them back${name === '' ? '' : ' by name'} in one short sentence and continue where you left off; do not start over.`;
  return `${welcome} ${currentQuestionInstruction(state)}`;
}

/** Nothing said or recorded yet: the interview opens with a greeting; any other is resumed. */
export function isNewInterview(state: InterviewState): boolean {
  return state.phase === 'profile' && state.profile === null && state.answers.length === 0;
}

/**
 * What to do next in the current phase: ask the current question (with "n of m" and its text),
 * or move on when it is already answered. Tool results end with it so the model always knows
 * the next step.
 */
export function currentQuestionInstruction(state: InterviewState): string {
  const total = state.questionIds.length;
  const question = currentQuestion(state);
  switch (state.phase) {
    case 'profile':
      return speakableName(state.candidateName) === ''
        ? "Ask the candidate's name, which role they are preparing for and how many years of experience they have, then call save_profile."
        : 'Ask which role they are preparing for and how many years of experience they have, then call save_profile.';
    case 'background':
      if (currentAnswer(state) !== null) {
        return `Their background answer is recorded. Call next_question to move on to question 1 of ${total}.`;
      }
      return `Ask about their background: "${question?.text}" When they have answered, call record_answer with question_id "${BACKGROUND_QUESTION_ID}", then call next_question.`;
    case 'questions': {
      const position = `question ${state.questionIndex + 1} of ${total}`;
      if (currentAnswer(state) !== null) {
        return `The answer to ${position} ("${question?.text}") is recorded. Call next_question to continue.`;
      }
      return `Ask ${position}: "${question?.text}" Wait for the answer (one short follow-up is fine), then call record_answer with question_id "${question?.id}", then call next_question.`;
    }
    case 'wrap_up':
      return `All ${total} questions are done. Ask if they want to add anything, give brief spoken feedback with two strengths and two things to improve, then call finish_interview with those strengths and improvements.`;
    case 'completed': {
      const overall = state.report?.overall;
      const score = overall == null ? '' : ` (overall ${overall} out of ${MAX_SCORE})`;
      const role = state.profile
        ? ` for the ${ROLE_LABELS[state.profile.targetRole].toLowerCase()} role`
        : '';
      return `The interview${role} is complete and the feedback report${score} is on their screen. Thank them, point them to the report, and say goodbye. Do not call any tool.`;
    }
  }
}

/**
 * A name as it may appear inside instructions: names come from user-controlled account data, so
 * line breaks and control characters are flattened and the length capped; otherwise verbatim.
 */
export function speakableName(name: string): string {
  return name
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
}
