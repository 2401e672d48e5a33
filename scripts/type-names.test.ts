import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every type, interface, class and enum declared in our sources, with where it is declared. */
function declaredTypes(): Map<string, string[]> {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'],
    {
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file !== '' && !file.endsWith('.d.ts'));
  const declared = new Map<string, string[]>();
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // deleted in the work tree, still in the index
    }
    for (const match of source.matchAll(
      /^(?:export\s+)?(?:declare\s+)?(?:interface|type|class|enum)\s+([A-Z]\w*)/gm,
    )) {
      const name = match[1] as string;
      declared.set(name, [...(declared.get(name) ?? []), file]);
    }
  }
  return declared;
}

describe('names', () => {
  it('gives no two types the same name: one concept, one name, wherever a reader meets it', () => {
    const clashes = [...declaredTypes()].filter(([, files]) => files.length > 1);
    expect(Object.fromEntries(clashes)).toEqual({});
  });
});
