import { voice } from '@livekit/agents';
import { SYSTEM_INSTRUCTIONS } from '@rehearse/interview';
import type { GreetingGuard } from './greeting-guard.ts';
import type { InterviewController } from './interview-controller.ts';
import { interviewTools } from './interview-tools.ts';

/** Noah, the interviewer. The state lives in the controller; the tools beside this file change it. */
export class InterviewAgent extends voice.Agent {
  constructor(controller: InterviewController, guard: GreetingGuard) {
    super({ instructions: SYSTEM_INSTRUCTIONS, tools: interviewTools(controller, guard) });
  }
}
