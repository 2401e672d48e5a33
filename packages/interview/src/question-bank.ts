import type { Competency } from './competencies.ts';
import type { AnswerTarget } from './delivery-thresholds.ts';
import type { TargetRole } from './roles.ts';

export interface Question {
  /** Stable: stored in interview rows. Never renumber or reuse an id; only add new ones. */
  id: string;
  text: string;
  competencies: Competency[];
  /** How long a good spoken answer takes (docs/delivery-analytics.md). */
  answerTarget: AnswerTarget;
}

/** A story ("tell me about a time…"): situation, action, result in one to two minutes. */
export const STORY_TARGET: AnswerTarget = { minSeconds: 60, maxSeconds: 120 };
/** A walk-through of a project or a plan from start to end: more ground, up to three minutes. */
export const WALKTHROUGH_TARGET: AnswerTarget = { minSeconds: 90, maxSeconds: 180 };
/** A system sketched aloud: components and trade-offs, two to four minutes. */
export const DESIGN_TARGET: AnswerTarget = { minSeconds: 120, maxSeconds: 240 };

export const BACKGROUND_QUESTION_ID = 'background';

/** Asked in the background phase, before the role's questions. */
export const BACKGROUND_QUESTION: Question = {
  id: BACKGROUND_QUESTION_ID,
  text: 'Tell me about your background: what you have worked on recently and what you are looking for next.',
  competencies: ['communication', 'ownership'],
  answerTarget: STORY_TARGET,
};

/** How many bank questions an interview asks unless told otherwise: short enough for one session. */
export const DEFAULT_QUESTION_COUNT = 3;

export const QUESTION_BANK: Readonly<Record<TargetRole, readonly Question[]>> = {
  software_engineer: [
    {
      id: 'swe-1',
      text: 'Walk me through a technically challenging project you worked on. What made it hard, and how did you approach it?',
      competencies: ['technical_depth', 'problem_solving'],
      answerTarget: WALKTHROUGH_TARGET,
    },
    {
      id: 'swe-2',
      text: 'Tell me about a production bug or outage you helped resolve. How did you find the cause?',
      competencies: ['problem_solving', 'ownership'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'swe-3',
      text: 'Describe a time you disagreed with a teammate about a technical decision. How was it resolved?',
      competencies: ['collaboration', 'communication'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'swe-4',
      text: 'How would you design a URL shortener that serves millions of requests a day? Talk me through the main components.',
      competencies: ['technical_depth', 'problem_solving', 'communication'],
      answerTarget: DESIGN_TARGET,
    },
    {
      id: 'swe-5',
      text: 'Tell me about a piece of code or a system you owned end to end. What would you do differently today?',
      competencies: ['ownership', 'technical_depth'],
      answerTarget: STORY_TARGET,
    },
  ],
  product_manager: [
    {
      id: 'pm-1',
      text: 'Tell me about a product or feature you launched. How did you decide what to build?',
      competencies: ['ownership', 'problem_solving'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'pm-2',
      text: 'Describe a time you had to say no to an important stakeholder. How did you handle it?',
      competencies: ['communication', 'collaboration'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'pm-3',
      text: 'How would you measure the success of a new onboarding flow? Which metrics would you pick and why?',
      competencies: ['problem_solving', 'technical_depth'],
      answerTarget: WALKTHROUGH_TARGET,
    },
    {
      id: 'pm-4',
      text: 'Tell me about a launch that did not go as planned. What did you learn?',
      competencies: ['ownership', 'communication'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'pm-5',
      text: 'How do you work with engineering and design to turn a vague idea into a shipped feature?',
      competencies: ['collaboration', 'communication'],
      answerTarget: STORY_TARGET,
    },
  ],
  data_scientist: [
    {
      id: 'ds-1',
      text: 'Walk me through a data science project from the question to the result. What was the impact?',
      competencies: ['technical_depth', 'ownership'],
      answerTarget: WALKTHROUGH_TARGET,
    },
    {
      id: 'ds-2',
      text: 'How would you design an A/B test for a change to a checkout page, and how would you decide it worked?',
      competencies: ['problem_solving', 'technical_depth'],
      answerTarget: WALKTHROUGH_TARGET,
    },
    {
      id: 'ds-3',
      text: 'Tell me about a time your analysis contradicted what stakeholders expected. How did you communicate it?',
      competencies: ['communication', 'collaboration'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'ds-4',
      text: 'Describe a model that performed worse in production than offline. How did you find out why?',
      competencies: ['problem_solving', 'technical_depth'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'ds-5',
      text: 'How do you explain a complex model or statistical result to a non-technical audience?',
      competencies: ['communication'],
      answerTarget: STORY_TARGET,
    },
  ],
  designer: [
    {
      id: 'des-1',
      text: 'Walk me through a design project you are proud of, from the problem to the final solution.',
      competencies: ['problem_solving', 'ownership'],
      answerTarget: WALKTHROUGH_TARGET,
    },
    {
      id: 'des-2',
      text: 'Tell me about a time user research changed your design direction.',
      competencies: ['problem_solving', 'technical_depth'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'des-3',
      text: 'Describe a time you received tough feedback on your work. What did you do with it?',
      competencies: ['communication', 'collaboration'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'des-4',
      text: 'How do you balance user needs, business goals and engineering constraints in a design?',
      competencies: ['problem_solving', 'collaboration'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'des-5',
      text: 'How do you keep a design system or visual language consistent across a product?',
      competencies: ['technical_depth', 'ownership'],
      answerTarget: STORY_TARGET,
    },
  ],
  general: [
    {
      id: 'gen-1',
      text: 'Tell me about an accomplishment you are proud of. What was your part in it?',
      competencies: ['ownership', 'communication'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'gen-2',
      text: 'Describe a difficult problem you solved at work or in your studies. How did you approach it?',
      competencies: ['problem_solving'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'gen-3',
      text: 'Tell me about a time you worked with someone who was hard to work with.',
      competencies: ['collaboration', 'communication'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'gen-4',
      text: 'Describe a time you made a mistake. What happened and what did you learn?',
      competencies: ['ownership'],
      answerTarget: STORY_TARGET,
    },
    {
      id: 'gen-5',
      text: 'What skill have you worked hardest to improve recently, and how did you go about it?',
      competencies: ['technical_depth', 'ownership'],
      answerTarget: STORY_TARGET,
    },
  ],
};

const QUESTIONS_BY_ID: ReadonlyMap<string, Question> = new Map(
  [BACKGROUND_QUESTION, ...Object.values(QUESTION_BANK).flat()].map((question) => [question.id, question]),
);

/** The first `count` questions of the role's bank (all of them when count is omitted or larger). */
export function questionsFor(role: TargetRole, count?: number): Question[] {
  const bank = QUESTION_BANK[role];
  if (count === undefined) return [...bank];
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`question count must be a positive integer, got ${count}`);
  }
  return bank.slice(0, count);
}

/** The target length of a question's answer; a story's for a question no longer in the bank. */
export function answerTargetOf(questionId: string): AnswerTarget {
  return questionById(questionId)?.answerTarget ?? STORY_TARGET;
}

/** Any question by id, including the background question. */
export function questionById(id: string): Question | undefined {
  return QUESTIONS_BY_ID.get(id);
}
