import type { Room } from '@livekit/rtc-node';
import { type InterviewState, progressAttributes } from '@rehearse/interview';
import type { Logger } from './logger.ts';

/**
 * Shows where the interview stands as the agent's participant attributes (the page shows "question n of m"),
 * once that state is saved: a replacement agent, after a crash of this process, carries on from what the page
 * showed, never from before it. A save that takes longer than `maxWaitMs` (the database slow or away) is not
 * waited for any longer: the page then follows the conversation, as the write-behind queue does.
 */
export class ProgressDisplay {
  /** The changes asked for so far: only the newest is shown. */
  #changes = 0;

  constructor(
    private readonly room: Room,
    private readonly interviewId: string | undefined,
    private readonly maxWaitMs: number,
    private readonly log: () => Logger,
  ) {}

  show(state: InterviewState, saved: Promise<void>): void {
    const change = ++this.#changes;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'unsaved'>((resolve) => {
      timer = setTimeout(() => resolve('unsaved'), this.maxWaitMs);
    });
    void Promise.race([saved.then(() => 'saved' as const), waited])
      .then(async (outcome) => {
        clearTimeout(timer);
        if (change !== this.#changes) return; // a newer state is on its way to the page
        if (outcome === 'unsaved')
          this.log().warn({ waitedMs: this.maxWaitMs }, 'progress shown before the database took it');
        await this.room.localParticipant?.setAttributes(progressAttributes(state, this.interviewId));
      })
      .catch((error) => this.log().warn({ err: String(error) }, 'could not publish progress'));
  }
}
