import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** What started a model turn: a client text turn (clientContent with turnComplete, or realtime text) or user speech. */
export type TurnTrigger = 'instruction' | 'speech';

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const variableSchema = z
  .object({
    /** Where to look, in order; the newest text of each source is searched first. */
    from: z
      .array(z.enum(['instruction', 'systemInstruction']))
      .min(1)
      .default(['instruction', 'systemInstruction']),
    /** A regular expression whose first capture group (or group named `value`) is the variable's value. */
    pattern: z.string().min(1),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only contain i, m, s, u')
      .default('i'),
    /** Used when nothing matches. */
    default: z.string().default(''),
  })
  .strict();

const functionCallSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'function names are identifiers'),
    /** String values anywhere inside may contain {{placeholders}}. */
    args: z.record(z.string(), jsonValue).default({}),
  })
  .strict();

const stepSchema = z.union([
  z.object({ say: z.string().min(1) }).strict(),
  z.object({ call: z.array(functionCallSchema).min(1) }).strict(),
]);

const turnSchema = z
  .object({
    id: z.string().min(1),
    on: z.enum(['instruction', 'speech', 'any']),
    /** Optional regular expression the triggering instruction text must match (instruction triggers only). */
    match: z.string().optional(),
    /** What the user is assumed to have said; sent as inputTranscription for speech triggers. */
    userTranscript: z.string().optional(),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export const scenarioSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    description: z.string().optional(),
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), variableSchema).default({}),
    turns: z.array(turnSchema).min(1),
    /** Spoken when no scripted turn fits the trigger, or the script is exhausted. */
    fallback: z
      .object({ userTranscript: z.string().optional(), steps: z.array(stepSchema).min(1) })
      .strict()
      .default({ steps: [{ say: 'Sorry, could you say that again?' }] }),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const ids = new Set<string>();
    for (const [index, turn] of scenario.turns.entries()) {
      if (ids.has(turn.id))
        ctx.addIssue({ code: 'custom', path: ['turns', index, 'id'], message: 'duplicate id' });
      ids.add(turn.id);
      if (turn.match !== undefined && !isValidRegExp(turn.match, 'i')) {
        ctx.addIssue({
          code: 'custom',
          path: ['turns', index, 'match'],
          message: 'invalid regular expression',
        });
      }
    }
    for (const [name, variable] of Object.entries(scenario.variables)) {
      if (!isValidRegExp(variable.pattern, variable.flags)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variables', name, 'pattern'],
          message: 'invalid regular expression',
        });
      }
    }
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioTurn = z.infer<typeof turnSchema>;
export type ScenarioStep = z.infer<typeof stepSchema>;
export type ScenarioFunctionCall = z.infer<typeof functionCallSchema>;
/** A scenario as written in a file, before defaults are applied. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

function isValidRegExp(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** Validates a scenario object; throws an Error listing every problem. */
export function parseScenario(input: unknown, origin = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid ${origin}:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read scenario ${path}: ${(error as Error).message}`);
  }
  return parseScenario(raw, `scenario ${path}`);
}

/** The interview script `npm run dev` uses; its tool names are the contract with the agent. */
export const defaultScenarioPath = fileURLToPath(
  new URL('./scenarios/default-interview.json', import.meta.url),
);

export function loadDefaultScenario(): Scenario {
  return loadScenarioFile(defaultScenarioPath);
}
