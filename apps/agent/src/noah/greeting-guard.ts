import { llm, type voice } from '@livekit/agents';

/** What a tool called while Noah is still greeting is told: an instruction the model can act on. */
export const GREETING_IN_PROGRESS =
  'SYSTEM: Not done. You are still greeting the candidate; nothing was saved. Finish the greeting, ' +
  'wait for the candidate to answer, then call this tool again.';

/** Longer than a slow greeting takes to be generated and spoken (a welcome back is shorter). */
export const MAX_UNHEARD_MS = 30_000;

/**
 * Locks Noah's tools until the greeting itself is done: the speech handle of the greeting's
 * `generateReply`, finished playing out or interrupted and wound up. Not any speaking → listening
 * change: a reply to early speech can come first. Models sometimes call tools mid-greeting (an eager
 * "hello!" from the user), which would write half-heard data before the interview has even started.
 *
 * It also keeps the candidate's audio from the model until the greeting is done, and while a welcome back after
 * a rejoin is said (`hearNothingUntilDone`), so that each is heard in full.
 */
export class GreetingGuard {
  #greeted = false;
  #onGreeted: Array<() => void> = [];
  /** Speeches said with the candidate unheard (the greeting, a welcome back) that are not done yet. */
  #unheardSpeeches = 0;
  /** The first frame kept from the model in the current unheard stretch. */
  #unheardSince: number | undefined;

  /**
   * `onRefused` hears of every refused call (metrics, logs); `maxUnheardMs` bounds how long the candidate's
   * audio is kept from the model when the greeting never ends (see `mayHearCandidate`).
   */
  constructor(
    private readonly onRefused: (toolName: string) => void = () => {},
    private readonly maxUnheardMs = MAX_UNHEARD_MS,
  ) {}

  get greeted(): boolean {
    return this.#greeted;
  }

  /** The greeting's speech, as `session.generateReply` returned it: tools unlock once it is done. */
  greetWith(greeting: Pick<voice.SpeechHandle, 'addDoneCallback'>): void {
    this.hearNothingUntilDone(greeting);
    greeting.addDoneCallback(() => {
      if (this.#greeted) return;
      this.#greeted = true;
      for (const resolve of this.#onGreeted.splice(0)) resolve();
    });
  }

  /** The candidate's audio does not reach the model until `speech` is done (a welcome back after a rejoin). */
  hearNothingUntilDone(speech: Pick<voice.SpeechHandle, 'addDoneCallback'>): void {
    this.#unheardSpeeches += 1;
    speech.addDoneCallback(() => {
      this.#unheardSpeeches -= 1;
    });
  }

  /**
   * Whether the candidate's audio may reach the model: not before the greeting is done, nor while a welcome
   * back is said. Gemini Live ends its own turn as soon as the user speaks, so an early "hello?" (or the room
   * noise of a rejoining microphone) would cut Noah off before a word is heard, and the model would answer that
   * instead. Bounded: after `maxUnheardMs` of kept audio the model hears the candidate whatever Noah is doing.
   */
  mayHearCandidate(now = Date.now()): boolean {
    if (this.#greeted && this.#unheardSpeeches === 0) {
      this.#unheardSince = undefined;
      return true;
    }
    this.#unheardSince ??= now;
    return now - this.#unheardSince >= this.maxUnheardMs;
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
