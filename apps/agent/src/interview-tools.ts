import { llm } from '@livekit/agents';
import { TOOL_DEFINITIONS, type ToolName } from '@rehearse/interview';
import type { AnyTool, GreetingGuard } from './greeting-guard.ts';
import type { InterviewController } from './interview-controller.ts';

/**
 * Noah's function tools: save_profile, record_answer, next_question, finish_interview. Their names,
 * descriptions and zod schemas come from the domain; each one runs through the controller, and all
 * of them are locked by the greeting guard until the greeting has been spoken.
 */
export function interviewTools(controller: InterviewController, guard: GreetingGuard) {
  const tools = Object.fromEntries(
    (Object.keys(TOOL_DEFINITIONS) as ToolName[]).map((name) => [
      name,
      llm.tool({
        description: TOOL_DEFINITIONS[name].description,
        parameters: TOOL_DEFINITIONS[name].parameters,
        execute: async (args, { toolCallId }) => controller.apply(name, args, toolCallId),
      }),
    ]),
  ) as Record<ToolName, AnyTool>;
  return guard.guardAll(tools);
}
