import {
  applyToolCall,
  type InterviewState,
  progressOf,
  questionById,
  type RecordedAnswer,
  sanitizeForStorage,
  type ToolName,
  type ToolReply,
  toolReply,
} from '@rehearse/interview';
import type { InterviewStore } from './interview-store.ts';
import type { Logger } from './logger.ts';
import type { AgentMetrics } from './metrics.ts';

/**
 * Owns the interview state for one session: applies a tool call through the pure domain, then
 * persists what changed and tells the room. Returns a reply or an error text for the model, and
 * never throws at it (an exception would end the model's turn, or the session).
 */
export class InterviewController {
  constructor(
    public state: InterviewState,
    private readonly store: InterviewStore,
    private readonly log: Logger,
    private readonly metrics: AgentMetrics,
    private readonly onChange: (state: InterviewState) => void,
    private readonly questionCount: number,
  ) {}

  apply(name: ToolName, args: unknown, toolCallId: string): ToolReply | string {
    // The model's arguments carry what the candidate said: cleaned here, so the state never holds text
    // the database would refuse.
    const outcome = applyToolCall(
      this.state,
      { name, args: sanitizeForStorage(args), toolCallId },
      { questionCount: this.questionCount },
    );
    if (!outcome.ok) {
      this.metrics.toolCall(name, 'rejected');
      this.log.warn({ tool: name, toolCallId, error: outcome.error }, 'tool call rejected');
      return `ERROR: ${outcome.error}`;
    }
    if (!outcome.changed) {
      this.metrics.toolCall(name, 'duplicate');
      return toolReply(this.state, outcome.instruction);
    }
    const before = this.state;
    this.state = outcome.state;
    this.persist(before, outcome.state);
    this.metrics.toolCall(name, 'ok');
    this.log.info({ tool: name, toolCallId, ...progressOf(this.state) }, 'tool call applied');
    this.onChange(this.state);
    return toolReply(this.state, outcome.instruction);
  }

  private persist(before: InterviewState, after: InterviewState) {
    for (const answer of newAnswers(before, after)) {
      this.store.recordAnswer(answer, questionById(answer.questionId)?.text ?? answer.questionId);
    }
    this.store.saveState(after, after.report);
  }
}

function newAnswers(before: InterviewState, after: InterviewState): RecordedAnswer[] {
  const known = new Set(before.answers.map((answer) => answer.toolCallId));
  return after.answers.filter((answer) => !known.has(answer.toolCallId));
}
