import type { z } from 'zod';
import { productionProblems } from './production.ts';

export class ConfigError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `config error (${processName}): ${problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** One line per bad variable: its name, what it expects, and what it got (secrets are never echoed). */
function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = issue.path.length > 0 ? String(issue.path[0]) : '(config)';
  const raw = env[name];
  const got =
    raw === undefined
      ? 'it is not set'
      : /SECRET|KEY|PASSWORD|TOKEN/.test(name)
        ? 'got a value'
        : `got "${raw}"`;
  return `${name} ${issue.message}; ${got}`;
}

export interface ParseOptions {
  /** A process that runs in production (web, agent): with NODE_ENV=production it refuses development settings. */
  production?: boolean;
}

/**
 * The config `schema` describes, from `env`; for a production process started with NODE_ENV=production,
 * development settings are refused too (production.ts). Throws ConfigError with one line per problem.
 */
export function parseConfig<Schema extends z.ZodType>(
  schema: Schema,
  processName: string,
  env: Record<string, string | undefined> = process.env,
  options: ParseOptions = {},
): z.infer<Schema> {
  const result = schema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => describeIssue(issue, env));
  if (options.production) problems.push(...productionProblems(env));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(processName, problems);
}

/** For process entry points: a bad config stops the process with one clear line per problem. */
export function parseConfigOrExit<Schema extends z.ZodType>(
  schema: Schema,
  processName: string,
  env: Record<string, string | undefined> = process.env,
  options: ParseOptions = {},
): z.infer<Schema> {
  try {
    return parseConfig(schema, processName, env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
