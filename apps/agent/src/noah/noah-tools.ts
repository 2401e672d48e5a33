import { llm } from '@livekit/agents';
import { TOOL_DEFINITIONS, type ToolName } from '@rehearse/interview';
import type { InterviewData } from './interview-data.ts';

/**
 * Noah's function tools: save_profile, record_answer, next_question, finish_interview. Names,
 * descriptions and zod schemas come from the domain. Each refuses with an `llm.ToolError` while the
 * greeting is still being spoken, or when the domain rejects the call; otherwise it changes the
 * session's interview (`userData`).
 */
export function noahTools() {
  return Object.fromEntries(
    (Object.keys(TOOL_DEFINITIONS) as ToolName[]).map((name) => [name, interviewTool(name)]),
  );
}

function interviewTool(name: ToolName) {
  return llm.tool({
    description: TOOL_DEFINITIONS[name].description,
    parameters: TOOL_DEFINITIONS[name].parameters,
    execute: async (args: unknown, { ctx, toolCallId }: llm.ToolOptions<InterviewData>) => {
      const interview = ctx.userData;
      interview.greeting.refuseUntilGreeted(name);
      return interview.apply(name, args, toolCallId);
    },
  });
}
