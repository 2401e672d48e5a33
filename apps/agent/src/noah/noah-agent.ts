import { voice } from '@livekit/agents';
import { FALLBACK_GREETING, greetingInstruction, SYSTEM_INSTRUCTIONS, sayExactly } from '@rehearse/interview';
import type { InterviewData } from './interview-data.ts';
import { noahTools } from './noah-tools.ts';
import { resumeInterview } from './resume.ts';

/**
 * Noah, the interviewer. The session's `userData` holds the interview; the tools beside this file
 * change it. On entering the session he waits for the job to know the candidate and their interview,
 * then greets a new interview, resumes a saved one, or says the fallback greeting when the interview
 * could not be read. That first speech is the greeting the tools stay locked behind.
 */
export class NoahAgent extends voice.Agent<InterviewData> {
  constructor() {
    super({ instructions: SYSTEM_INSTRUCTIONS, tools: noahTools() });
  }

  override async onEnter(): Promise<void> {
    const interview = this.session.userData;
    const opening = await interview.opening;
    if (opening === 'none') return;
    interview.timeline.openingRequestedAt = Date.now();
    const greeting =
      opening === 'resume'
        ? resumeInterview(this.session, 'saved progress')
        : this.session.generateReply({
            instructions:
              opening === 'greet' ? greetingInstruction(interview.state) : sayExactly(FALLBACK_GREETING),
          });
    interview.greeting.greetWith(greeting);
    interview.log.info({ opening, phase: interview.state.phase }, 'greeting requested');
    void interview.greeting.whenGreeted().then(() => interview.log.info('greeting spoken; tools unlocked'));
  }
}
