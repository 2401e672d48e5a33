import { llm } from '@livekit/agents';
import {
  applyToolCall,
  type InterviewState,
  newInterview,
  progressOf,
  questionById,
  type RecordedAnswer,
  sanitizeForStorage,
  type ToolName,
  type ToolReply,
  toolReply,
} from '@rehearse/interview';
import type { InterviewStore } from '../interview-store.ts';
import type { Logger } from '../logger.ts';
import type { AgentMetrics } from '../metrics-reporter.ts';
import { GreetingGuard } from './greeting-guard.ts';

/**
 * How Noah opens once the job knows the candidate and has read their interview: a new interview's
 * greeting, a welcome back at the saved question, the fixed fallback greeting when the interview
 * could not be read, or nothing when the job is leaving.
 */
export type Opening = 'greet' | 'resume' | 'fallback' | 'none';

/**
 * When each step towards Noah's first words happened in this job (Date.now(), so a benchmark on the same
 * machine can line them up with its own clock); logged once, at the first audio.
 */
export type GreetingTimeline = Partial<
  Record<
    | 'jobEntryAt'
    | 'roomConnectedAt'
    | 'sessionStartedAt'
    | 'leaseCheckedAt'
    | 'candidateFoundAt'
    | 'interviewLoadedAt'
    | 'openingRequestedAt'
    | 'firstAudioAt',
    number
  >
>;

export interface InterviewDataOptions {
  store: InterviewStore;
  log: Logger;
  metrics: AgentMetrics;
  questionCount: number;
  /**
   * Every change of state (the room shows "question n of m" from it), with when it is saved: settled once
   * stored (or never to be), at once for a state read from the database or a fresh start.
   */
  onChange: (state: InterviewState, saved: Promise<void>) => void;
}

/**
 * The session's `userData`: the interview state for one session and what changes it. A tool call goes
 * through the pure domain, then what changed is persisted (write-behind) and the room is told.
 */
export class InterviewData {
  state: InterviewState = newInterview({ candidateName: '' });
  /** Carries room, job and interview ids, and the participant once the candidate is known. */
  log: Logger;
  readonly greeting: GreetingGuard;
  readonly timeline: GreetingTimeline = {};
  readonly opening: Promise<Opening>;
  #open!: (opening: Opening) => void;

  constructor(private readonly options: InterviewDataOptions) {
    this.log = options.log;
    this.greeting = new GreetingGuard((tool) => {
      options.metrics.toolCall(tool, 'refused_greeting');
      this.log.warn({ tool }, 'tool call refused: the greeting has not been spoken yet');
    });
    this.opening = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  /** The job's data step is done: Noah's `onEnter` opens with `opening` (only the first call counts). */
  begin(state: InterviewState, opening: Opening): void {
    this.replaceState(state);
    this.#open(opening);
  }

  /** The job leaves without a word (duplicate agent, no candidate, shutdown). */
  leaveSilently(): void {
    this.#open('none');
  }

  replaceState(state: InterviewState): void {
    this.state = state;
    this.options.onChange(state, Promise.resolve());
  }

  /** A tool call, applied: the reply for the model, or an `llm.ToolError` it can correct itself from. */
  apply(name: ToolName, args: unknown, toolCallId: string): ToolReply {
    const { metrics, questionCount } = this.options;
    // The model's arguments carry what the candidate said: cleaned here, so the state never holds text
    // the database would refuse.
    const outcome = applyToolCall(
      this.state,
      { name, args: sanitizeForStorage(args), toolCallId },
      { questionCount },
    );
    if (!outcome.ok) {
      metrics.toolCall(name, 'rejected');
      this.log.warn({ tool: name, toolCallId, error: outcome.error }, 'tool call rejected');
      throw new llm.ToolError(`ERROR: ${outcome.error}`);
    }
    if (!outcome.changed) {
      metrics.toolCall(name, 'duplicate');
      return toolReply(this.state, outcome.instruction);
    }
    const before = this.state;
    this.state = outcome.state;
    const saved = this.#persist(before, outcome.state);
    metrics.toolCall(name, 'ok');
    this.log.info({ tool: name, toolCallId, ...progressOf(this.state) }, 'tool call applied');
    this.options.onChange(this.state, saved);
    return toolReply(this.state, outcome.instruction);
  }

  #persist(before: InterviewState, after: InterviewState): Promise<void> {
    const { store } = this.options;
    for (const answer of newAnswers(before, after)) {
      store.recordAnswer(answer, questionById(answer.questionId)?.text ?? answer.questionId);
    }
    return store.saveState(after, after.report);
  }
}

function newAnswers(before: InterviewState, after: InterviewState): RecordedAnswer[] {
  const known = new Set(before.answers.map((answer) => answer.toolCallId));
  return after.answers.filter((answer) => !known.has(answer.toolCallId));
}
