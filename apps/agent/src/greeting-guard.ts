import type { llm, voice } from '@livekit/agents';

/** A tool as `llm.tool({...})` returns it, whatever its argument and result types. */
// biome-ignore lint/suspicious/noExplicitAny: tool arguments differ per tool; the guard does not look at them
export type AnyTool = llm.AnonFunctionTool<any, any, any>;

/** What a guarded tool answers while Noah is still greeting: an instruction the model can act on. */
export const GREETING_IN_PROGRESS =
  'SYSTEM: Not done. You are still greeting the candidate; nothing was saved. Finish the greeting, ' +
  'wait for the candidate to answer, then call this tool again.';

/**
 * Locks state-changing tools until the greeting itself is done: the speech handle of the greeting's
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

  /** The same tool, refusing (and doing nothing) until the greeting is done. */
  guard<T extends AnyTool>(name: string, tool: T): T {
    const execute: T['execute'] = async (args, options) => {
      if (!this.#greeted) {
        this.onRefused(name);
        return GREETING_IN_PROGRESS;
      }
      return tool.execute(args, options);
    };
    return { ...tool, execute };
  }

  guardAll<Tools extends Record<string, AnyTool>>(tools: Tools): Tools {
    return Object.fromEntries(
      Object.entries(tools).map(([name, tool]) => [name, this.guard(name, tool)]),
    ) as Tools;
  }
}
