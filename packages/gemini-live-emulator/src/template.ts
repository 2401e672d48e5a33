import type { Scenario } from './scenario.ts';

/** The texts placeholders are filled from; newest last in each list. */
export interface TemplateSources {
  instructions: readonly string[];
  systemInstructions: readonly string[];
  /** The latest `response` object the client returned for each function name. */
  toolResponses: ReadonlyMap<string, unknown>;
}

const placeholder = /\{\{\s*([^{}|]+?)\s*(?:\|([^{}]*))?\}\}/g;

/** Resolves a scenario variable: the first regex match over its sources, newest text first. */
export function resolveVariable(
  scenario: Scenario,
  name: string,
  sources: TemplateSources,
): string | undefined {
  const variable = scenario.variables[name];
  if (!variable) return undefined;
  const regex = new RegExp(variable.pattern, variable.flags);
  for (const source of variable.from) {
    const texts = source === 'instruction' ? sources.instructions : sources.systemInstructions;
    for (let i = texts.length - 1; i >= 0; i--) {
      const match = regex.exec(texts[i] ?? '');
      const value = match?.groups?.value ?? match?.[1];
      if (value) return value.trim();
    }
  }
  return variable.default;
}

/** Follows a dotted path, parsing JSON strings on the way (tool outputs often arrive as JSON text). */
function followPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current === 'string') {
      try {
        current = JSON.parse(current);
      } catch {
        return undefined;
      }
    }
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function lookupToolField(sources: TemplateSources, functionName: string, path: string[]): unknown {
  const response = sources.toolResponses.get(functionName);
  if (response === undefined) return undefined;
  if (path.length === 0) return response;
  // LiveKit wraps a tool's return value as {output: "<text or JSON>"}; look inside it as well.
  return followPath(response, path) ?? followPath(response, ['output', ...path]);
}

function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Fills `{{variable}}`, `{{tool.<function>.<field.path>}}` and either with `|default text`.
 * Unknown placeholders without a default become the empty string.
 */
export function renderTemplate(template: string, scenario: Scenario, sources: TemplateSources): string {
  return template.replace(placeholder, (_whole, key: string, fallback: string | undefined) => {
    const [head, ...rest] = key.split('.');
    let value: string | undefined;
    if (head === 'tool' && rest.length > 0) {
      const [functionName = '', ...path] = rest;
      value = stringify(lookupToolField(sources, functionName, path));
    } else if (head !== undefined && rest.length === 0) {
      value = resolveVariable(scenario, head, sources);
    }
    return value === undefined || value === '' ? (fallback ?? '') : value;
  });
}

/** Renders every string inside function-call args. */
export function renderArgs(value: unknown, scenario: Scenario, sources: TemplateSources): unknown {
  if (typeof value === 'string') return renderTemplate(value, scenario, sources);
  if (Array.isArray(value)) return value.map((item) => renderArgs(item, scenario, sources));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderArgs(item, scenario, sources)]),
    );
  }
  return value;
}
