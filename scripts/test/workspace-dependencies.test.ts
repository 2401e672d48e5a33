/**
 * Each workspace declares what it uses, so an image or a deploy can take one app alone: no package reached
 * only through the root's hoisting, no relative import into another workspace, no dependency left over.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  name: string;
  workspaces?: string[];
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  /** `"$name"` makes every copy in the tree the root's own dependency `name`. */
  overrides?: Record<string, unknown>;
}

/** Repo tooling and test harnesses are never deployed: each keeps all its packages in one section. */
const DEV_ONLY_WORKSPACES = new Map([
  ['.', 'devDependencies'],
  ['e2e', 'dependencies'],
  ['bench', 'dependencies'],
]);
/** Imports a framework resolves to its own copy (Next.js aliases `server-only`): a use of that framework. */
const PROVIDED_BY: Record<string, string> = { 'server-only': 'next' };
/** Packages a tool loads from the workspace although no source imports them (`next build` type-checks). */
const NEEDED_BY_TOOL: Record<string, string[]> = { next: ['typescript', '@types/react', '@types/node'] };
const SKIPPED_DIRS = new Set(['node_modules', '.next', 'dist']);
/** Written by tools and ignored by git: `next build` points next-env.d.ts at wherever its last build went. */
const GENERATED_FILES = new Set(['next-env.d.ts']);
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;
const TEST_FILE = /(^|\/)test\/|\.(test|bench)\.[cm]?[jt]sx?$/;

interface Workspace {
  dir: string;
  manifest: Manifest;
  files: string[];
}

interface Use {
  /** The workspace file, or what else needs the package. */
  where: string;
  /** Part of what the workspace deploys, as opposed to its tests. */
  shipped: boolean;
  packageName: string;
  subpath: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const readManifest = (dir: string) => readJson<Manifest>(join(repoRoot, dir, 'package.json'));
const isInside = (dir: string, path: string) => path === dir || path.startsWith(dir + sep);

function workspaceDirs(): string[] {
  return (readManifest('.').workspaces ?? []).flatMap((pattern) => {
    if (!pattern.includes('*')) return [pattern];
    if (!pattern.endsWith('/*') || pattern.indexOf('*') !== pattern.length - 1) {
      throw new Error(`workspace pattern ${pattern} is not supported by this test (only "dir" and "dir/*")`);
    }
    const parent = pattern.slice(0, -2);
    return readdirSync(join(repoRoot, parent), { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() && existsSync(join(repoRoot, parent, entry.name, 'package.json')),
      )
      .map((entry) => `${parent}/${entry.name}`);
  });
}

function sourceFiles(dir: string, otherWorkspaces: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Hidden directories hold tool state (.git, .data, .bin), not sources.
      if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') || otherWorkspaces.includes(path))
        return [];
      return sourceFiles(path, otherWorkspaces);
    }
    return SOURCE_FILE.test(entry.name) && !GENERATED_FILES.has(entry.name) ? [path] : [];
  });
}

function loadWorkspaces(): Workspace[] {
  const dirs = workspaceDirs();
  const absolute = dirs.map((dir) => resolve(repoRoot, dir));
  return ['.', ...dirs].map((dir) => ({
    dir,
    manifest: readManifest(dir),
    files: sourceFiles(resolve(repoRoot, dir), dir === '.' ? absolute : []),
  }));
}

/** Specifiers of static and dynamic imports, `export … from`, `require()` and `/// <reference types>`. */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((reference) => reference.fileName);
}

/** The workspace's tsconfig `paths` aliases of the form `"prefix/*": ["./dir/*"]`, as absolute prefixes. */
function pathAliases(workspaceDir: string): [string, string][] {
  const tsconfigPath = join(repoRoot, workspaceDir, 'tsconfig.json');
  if (workspaceDir === '.' || !existsSync(tsconfigPath)) return [];
  const { config } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const paths: Record<string, string[]> = config?.compilerOptions?.paths ?? {};
  return Object.entries(paths).flatMap(([alias, [target]]): [string, string][] =>
    alias.endsWith('/*') && target?.endsWith('/*')
      ? [[alias.slice(0, -1), `${resolve(dirname(tsconfigPath), target.slice(0, -1))}${sep}`]]
      : [],
  );
}

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '');

function splitPackage(specifier: string): { packageName: string; subpath: string } {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  return { packageName: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}

/** Where an installed package lives, looked up as Node would from `fromDir` upwards. */
function installedPackageDir(packageName: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || dirname(dir) === dir) return undefined;
  }
}

/** `@types/x` a TypeScript import of `x` needs: when `x` ships no types of its own and the `@types` package exists. */
function typesPackageFor(packageName: string, fromDir: string): string | undefined {
  if (packageName.startsWith('@types/')) return undefined;
  const typesName = `@types/${packageName.replace(/^@/, '').replace('/', '__')}`;
  const packageDir = installedPackageDir(packageName, fromDir);
  if (!packageDir || !installedPackageDir(typesName, fromDir)) return undefined;
  const manifest = readJson<Manifest & { types?: string; typings?: string }>(
    join(packageDir, 'package.json'),
  );
  const shipsTypes =
    manifest.types !== undefined ||
    manifest.typings !== undefined ||
    JSON.stringify(manifest.exports ?? {}).includes('"types"') ||
    existsSync(join(packageDir, 'index.d.ts'));
  return shipsTypes ? undefined : typesName;
}

/** The package that provides the executable `name` in node_modules/.bin, if any. */
function binPackage(name: string, workspaceDir: string): string | undefined {
  if (!/^\w[\w.-]*$/.test(name)) return undefined;
  for (const dir of new Set([resolve(repoRoot, workspaceDir), repoRoot])) {
    const binDir = join(dir, 'node_modules', '.bin');
    const link = join(binDir, name);
    if (!existsSync(link) || !lstatSync(link).isSymbolicLink()) continue;
    const segments = relative(join(dir, 'node_modules'), resolve(binDir, readlinkSync(link))).split(sep);
    return segments.slice(0, segments[0]?.startsWith('@') ? 2 : 1).join('/');
  }
  return undefined;
}

/** Executables a package provides: a workspace that runs one by name (`nodeBin('firebase')`) uses the package. */
function binNames(packageName: string, fromDir: string): string[] {
  const packageDir = installedPackageDir(packageName, fromDir);
  if (!packageDir) return [];
  const { bin } = readJson<{ bin?: string | Record<string, string> }>(join(packageDir, 'package.json'));
  return typeof bin === 'string' ? [packageName.split('/').pop() ?? packageName] : Object.keys(bin ?? {});
}

const declaredIn = (manifest: Manifest) => ({
  runtime: new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]),
  all: new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]),
});

function exportsSubpath(manifest: Manifest, subpath: string): boolean {
  if (manifest.exports === undefined) return subpath === '';
  const wanted = subpath === '' ? '.' : `./${subpath}`;
  return Object.keys(manifest.exports).some((key) => {
    const [prefix, suffix] = key.split('*');
    return suffix === undefined ? key === wanted : wanted.startsWith(prefix ?? '') && wanted.endsWith(suffix);
  });
}

/** Required peer dependencies of the packages a workspace declares: the workspace must provide them. */
function requiredPeers(packageNames: Iterable<string>, fromDir: string): Set<string> {
  const peers = new Set<string>();
  for (const packageName of packageNames) {
    const packageDir = installedPackageDir(packageName, fromDir);
    if (!packageDir) continue;
    const manifest = readJson<Manifest & { peerDependenciesMeta?: Record<string, { optional?: boolean }> }>(
      join(packageDir, 'package.json'),
    );
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[peer]?.optional) peers.add(peer);
    }
  }
  return peers;
}

function analyse() {
  const workspaces = loadWorkspaces();
  const byName = new Map(workspaces.map((workspace) => [workspace.manifest.name, workspace]));
  const ownerOf = (path: string) =>
    workspaces
      .filter((workspace) => isInside(resolve(repoRoot, workspace.dir), path))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
  const report = {
    undeclared: [] as string[],
    crossing: [] as string[],
    unexported: [] as string[],
    devOnly: [] as string[],
    unused: [] as string[],
  };

  for (const workspace of workspaces) {
    const root = resolve(repoRoot, workspace.dir);
    const label = workspace.dir === '.' ? 'the root package' : workspace.dir;
    const aliases = pathAliases(workspace.dir);
    const declared = declaredIn(workspace.manifest);
    const uses: Use[] = [];
    let importsBuiltins = false;

    // A file that only a script other than `start` runs (e.g. `"build": "node build.mjs"`) is a development tool.
    const toolFiles = new Set(
      Object.entries(workspace.manifest.scripts ?? {})
        .filter(([scriptName]) => scriptName !== 'start')
        .flatMap(([, script]) => script.split(/[\s;&|()]+/)),
    );
    for (const file of workspace.files) {
      const where = relative(root, file);
      const shipped = !TEST_FILE.test(where) && !toolFiles.has(where);
      for (const specifier of specifiers(file)) {
        const alias = aliases.find(([prefix]) => specifier.startsWith(prefix));
        if (specifier.startsWith('.') || specifier.startsWith('/') || alias) {
          const target = alias
            ? alias[1] + specifier.slice(alias[0].length)
            : resolve(dirname(file), specifier);
          if (ownerOf(target) !== workspace) {
            report.crossing.push(`${relative(repoRoot, file)} imports ${specifier}, outside ${label}`);
          }
        } else if (isBuiltin(specifier)) {
          importsBuiltins = true;
        } else {
          const { packageName, subpath } = splitPackage(specifier);
          const provider = PROVIDED_BY[packageName];
          uses.push({
            where,
            shipped,
            packageName: provider ?? packageName,
            subpath: provider ? '' : subpath,
          });
          const typesName = typesPackageFor(packageName, dirname(file));
          if (typesName) uses.push({ where, shipped, packageName: typesName, subpath: '' });
        }
      }
    }
    // `start` is what a deploy runs; the other scripts are development tools.
    for (const [scriptName, script] of Object.entries(workspace.manifest.scripts ?? {})) {
      for (const word of script.split(/[\s;&|()]+/)) {
        const packageName = binPackage(word, workspace.dir);
        const use = {
          where: `package.json "${scriptName}" script`,
          shipped: scriptName === 'start',
          subpath: '',
        };
        if (packageName) uses.push({ ...use, packageName });
      }
    }
    for (const [tool, needed] of Object.entries(NEEDED_BY_TOOL)) {
      if (!declared.all.has(tool)) continue;
      for (const packageName of needed)
        uses.push({ where: `${tool}'s build`, shipped: false, packageName, subpath: '' });
    }

    const usesByPackage = new Map<string, Use[]>();
    for (const use of uses)
      usesByPackage.set(use.packageName, [...(usesByPackage.get(use.packageName) ?? []), use]);
    for (const [packageName, packageUses] of usesByPackage) {
      if (packageName === workspace.manifest.name) continue;
      const shippedIn = [...new Set(packageUses.filter((use) => use.shipped).map((use) => use.where))].sort();
      if (!declared.all.has(packageName)) {
        const verb = packageUses.some((use) => SOURCE_FILE.test(use.where)) ? 'imports' : 'needs';
        const section =
          DEV_ONLY_WORKSPACES.get(workspace.dir) ??
          (shippedIn.length > 0 ? 'dependencies' : 'devDependencies');
        const places = [...new Set(packageUses.map((use) => use.where))].sort();
        const shown = places.length > 3 ? `${places.slice(0, 3).join(', ')}, …` : places.join(', ');
        report.undeclared.push(
          `${label} ${verb} ${packageName} but does not declare it in ${section} (${shown})`,
        );
        continue;
      }
      if (
        !DEV_ONLY_WORKSPACES.has(workspace.dir) &&
        shippedIn.length > 0 &&
        !declared.runtime.has(packageName)
      ) {
        report.devOnly.push(
          `${label} uses ${packageName} outside tests (${shippedIn.join(', ')}) but declares it only in devDependencies`,
        );
      }
      const target = byName.get(packageName);
      for (const use of packageUses) {
        if (target && !exportsSubpath(target.manifest, use.subpath)) {
          report.unexported.push(
            `${workspace.dir}/${use.where} imports ${packageName}/${use.subpath}, which ${packageName} does not export`,
          );
        }
      }
    }

    const sources = workspace.files.map((file) => readFileSync(file, 'utf8')).join('\n');
    const peers = requiredPeers(declared.all, root);
    const overriding = Object.values(workspace.manifest.overrides ?? {}).flatMap((value) =>
      typeof value === 'string' && value.startsWith('$') ? [value.slice(1)] : [],
    );
    for (const packageName of declared.all) {
      if (usesByPackage.has(packageName) || peers.has(packageName) || overriding.includes(packageName))
        continue;
      if (packageName === '@types/node' && importsBuiltins) continue;
      const quoted = (name: string) =>
        ["'", '"', '`'].some((quote) => sources.includes(quote + name + quote));
      if (binNames(packageName, root).some(quoted)) continue;
      report.unused.push(`${label} declares ${packageName} but does not use it`);
    }
  }
  return report;
}

describe('workspace dependencies', () => {
  const report = analyse();

  it('every workspace declares each package it imports or runs', () => {
    expect(report.undeclared).toEqual([]);
  });

  it('relative imports stay inside their own workspace', () => {
    expect(report.crossing).toEqual([]);
  });

  it('workspace packages are imported through their exports', () => {
    expect(report.unexported).toEqual([]);
  });

  it('code that ships takes its packages from dependencies, not devDependencies', () => {
    expect(report.devOnly).toEqual([]);
  });

  it('every declared dependency is used', () => {
    expect(report.unused).toEqual([]);
  });
});
