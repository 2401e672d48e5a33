import type { z } from 'zod';
import type { InterviewState } from './state.ts';
import {
  finishInterviewArgsSchema,
  nextQuestionArgsSchema,
  recordAnswerArgsSchema,
  saveProfileArgsSchema,
  TOOL_NAMES,
} from './tool-schemas.ts';
import {
  finishInterview,
  nextQuestion,
  recordAnswer,
  type SaveProfileOptions,
  saveProfile,
} from './transitions.ts';

export interface ToolCall {
  name: string;
  /** The arguments as the model sent them (snake_case, unvalidated). */
  args: unknown;
  toolCallId: string;
}

/** `changed` is false when the state is the same object as before, so there is nothing to persist. */
export type ToolCallOutcome =
  | { ok: true; state: InterviewState; instruction: string; changed: boolean }
  | { ok: false; error: string };

/**
 * One entry point for the agent (and for tests driving a scripted model): validates the raw tool
 * arguments and applies the matching transition.
 */
export function applyToolCall(
  state: InterviewState,
  call: ToolCall,
  options: SaveProfileOptions = {},
): ToolCallOutcome {
  const result = dispatch(state, call, options);
  if (!result.ok) return result;
  return { ok: true, state: result.state, instruction: result.instruction, changed: result.state !== state };
}

function dispatch(state: InterviewState, call: ToolCall, options: SaveProfileOptions) {
  switch (call.name) {
    case TOOL_NAMES.saveProfile: {
      const args = parseArgs(saveProfileArgsSchema, call);
      if (!args.ok) return args;
      const { name, target_role, experience_years } = args.value;
      return saveProfile(
        state,
        { name, targetRole: target_role, experienceYears: experience_years },
        options,
      );
    }
    case TOOL_NAMES.recordAnswer: {
      const args = parseArgs(recordAnswerArgsSchema, call);
      if (!args.ok) return args;
      const { question_id, summary, scores } = args.value;
      return recordAnswer(state, { toolCallId: call.toolCallId, questionId: question_id, summary, scores });
    }
    case TOOL_NAMES.nextQuestion: {
      const args = parseArgs(nextQuestionArgsSchema, call);
      if (!args.ok) return args;
      return nextQuestion(state);
    }
    case TOOL_NAMES.finishInterview: {
      const args = parseArgs(finishInterviewArgsSchema, call);
      if (!args.ok) return args;
      return finishInterview(state, args.value);
    }
    default:
      return {
        ok: false as const,
        error: `There is no tool named "${call.name}": use ${Object.values(TOOL_NAMES).join(', ')}.`,
      };
  }
}

function parseArgs<Schema extends z.ZodType>(
  schema: Schema,
  call: ToolCall,
): { ok: true; value: z.infer<Schema> } | { ok: false; error: string } {
  // Models sometimes omit the arguments object entirely for a tool that takes none.
  const parsed = schema.safeParse(call.args ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'arguments'}: ${issue.message}`)
    .join('; ');
  return {
    ok: false,
    error: `Invalid arguments for ${call.name} (${problems}): call ${call.name} again with valid arguments.`,
  };
}
