import { llm, type voice } from '@livekit/agents';

/** What a tool called while Noah is still greeting is told: an instruction the model can act on. */
export const GREETING_IN_PROGRESS =
  'SYSTEM: Not done. You are still greeting the candidate; nothing was saved. Finish the greeting, ' +
  'wait for the candidate to answer, then call this tool again.';

/**
 * Locks Noah's tools until the greeting itself is done: the speech handle of the greeting's
 * `generateReply`, finished playing out or interrupted and wound up. Not any speaking → listening
 * change: a reply to early speech can come first. Models sometimes call tools mid-greeting (an eager
 * "hello!" from the user), which would write half-heard data before the interview has even started.
 */
export class GreetingGuard {
  #greeted = false;
  #onGreeted: Array<() => void> = [];

  /** `onRefused` hears of every refused call (metrics, logs). */
  constructor(private readonly onRefused: (toolName: string) => void = () => {}) {}

  get greeted(): boolean {
    return this.#greeted;
  }

  /** The greeting's speech, as `session.generateReply` returned it: tools unlock once it is done. */
  greetWith(greeting: Pick<voice.SpeechHandle, 'addDoneCallback'>): void {
    greeting.addDoneCallback(() => {
      if (this.#greeted) return;
      this.#greeted = true;
      for (const resolve of this.#onGreeted.splice(0)) resolve();
    });
  }

  whenGreeted(): Promise<void> {
    return this.#greeted ? Promise.resolve() : new Promise((resolve) => this.#onGreeted.push(resolve));
  }

  /** Called first by every tool: a refusal (`llm.ToolError`, nothing done) until the greeting is done. */
  refuseUntilGreeted(toolName: string): void {
    if (this.#greeted) return;
    this.onRefused(toolName);
    throw new llm.ToolError(GREETING_IN_PROGRESS);
  }
}
