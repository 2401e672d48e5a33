import { readFileSync } from 'node:fs';

/**
 * Reads a Dockerfile the way the builder does, for tests that check an image without a container engine: its
 * stages, each stage's instructions with their flags, and the exec-form commands. Covers the syntax our
 * Dockerfiles use (line continuations, comments, `--flag=value`, exec and shell forms, `ENV k=v …`); anything
 * else is kept as raw arguments so a check can still see it.
 */

export interface Instruction {
  /** Upper case: FROM, RUN, COPY, … */
  keyword: string;
  /** Everything after the keyword and its leading `--flags`, as written (continued lines joined by a space). */
  args: string;
  flags: Record<string, string>;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface Stage {
  /** The `AS` name, if any. */
  name: string | undefined;
  /** The image or stage it starts from. */
  from: string;
  instructions: Instruction[];
}

export interface CopySpec {
  /** The stage named by `--from`, or undefined for the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

const FLAG = /^--([a-z-]+)(?:=(\S*))?(?=\s|$)/;

/** Joins continued lines and drops comments and blank lines, keeping each instruction's first line number. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const lines = text.split('\n');
  const result: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    // A comment line inside a continued instruction is dropped by the builder too.
    if (trimmed.startsWith('#') || (trimmed === '' && current === undefined)) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1) : trimmed;
    current = current ? { ...current, text: `${current.text} ${part}` } : { text: part, line: index + 1 };
    if (!continues) {
      result.push(current);
      current = undefined;
    }
  });
  if (current) result.push(current);
  return result;
}

function parseInstruction({ text, line }: { text: string; line: number }): Instruction {
  const keyword = /^\S+/.exec(text)?.[0] ?? '';
  let args = text.slice(keyword.length).trim();
  const flags: Record<string, string> = {};
  for (let match = FLAG.exec(args); match?.[1]; match = FLAG.exec(args)) {
    flags[match[1]] = match[2] ?? 'true';
    args = args.slice(match[0].length).trim();
  }
  return { keyword: keyword.toUpperCase(), args, flags, line };
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of logicalLines(text).map(parseInstruction)) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, from, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

export function readDockerfile(path: string): Stage[] {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** The stage named `name` (throws when there is none, so a renamed stage fails loudly). */
export function stageNamed(stages: Stage[], name: string): Stage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
}

export function finalStage(stages: Stage[]): Stage {
  const stage = stages.at(-1);
  if (!stage) throw new Error('the Dockerfile has no stage');
  return stage;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The last instruction of `keyword` in the stage (the one that takes effect), or undefined. */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return instructionsOf(stage, keyword).at(-1);
}

/** The command of an exec-form instruction (`CMD ["node", "x.js"]`), or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not a JSON array of strings: ${args}`);
  }
  return parsed;
}

/** `HEALTHCHECK [--flags] CMD …`: its command in exec form, or undefined (NONE, or the shell form). */
export function healthcheckCommand(instruction: Instruction): string[] | undefined {
  const match = /^CMD\s+(.*)$/i.exec(instruction.args);
  return match?.[1] ? execForm(match[1]) : undefined;
}

/** The variables a stage's ENV instructions set, in order (`ENV a=1 b="two"`, or the legacy `ENV a 1`). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructionsOf(stage, 'ENV')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      const [name = '', ...value] = args.split(/\s+/);
      env[name] = value.join(' ');
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      const [, name = '', raw = ''] = match;
      env[name] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    }
  }
  return env;
}

/** The variables ARG declares in any stage (names only: a default value would be baked into the image). */
export function argNames(stages: Stage[]): string[] {
  return stages.flatMap((stage) => instructionsOf(stage, 'ARG').map(({ args }) => args.split('=')[0] ?? ''));
}

export function copySpec(instruction: Instruction): CopySpec {
  const parts = execForm(instruction.args) ?? instruction.args.split(/\s+/);
  const destination = parts.at(-1);
  if (parts.length < 2 || destination === undefined) {
    throw new Error(`line ${instruction.line}: COPY needs a source and a destination`);
  }
  return { from: instruction.flags.from, sources: parts.slice(0, -1), destination };
}

/**
 * Whether `.dockerignore` keeps `path` (relative to the context, `/`-separated) out of the build context. The
 * patterns our file uses: `**` for any directories, `*` within a name, a leading `!` to take a path back in; a
 * pattern also excludes everything below a directory it matches.
 */
export function dockerIgnores(patterns: string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const source = pattern
      .split('/')
      .map((segment) =>
        segment === '**'
          ? '(?:[^/]+/)*'
          : `${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}/`,
      )
      .join('')
      .replace(/\/$/, '');
    if (new RegExp(`^${source}(?:/.*)?$`).test(path)) ignored = !negated;
  }
  return ignored;
}

export function readDockerignore(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
