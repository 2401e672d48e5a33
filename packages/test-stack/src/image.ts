import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { copySpec, dockerIgnores, readDockerignore, type Stage } from './dockerfile.ts';

/**
 * An image's file system built outside a container, as its Dockerfile describes, for tests that run the image's
 * CMD without a container engine. A stage is either **run** here (its WORKDIR, COPY and RUN lines, in order, in
 * a fresh directory standing for `/`) or **provided** by files already on disk (a build the test suite makes
 * anyway, mapped path by path). COPY follows the builder: a directory's contents, symlinks kept as links, the
 * build context filtered by `.dockerignore`.
 */

export interface StageFiles {
  /** Where the stage's absolute path `path` is on this machine. */
  onDisk(path: string): string;
}

export interface BuiltStage extends StageFiles {
  /** The directory standing for the stage's `/`. */
  root: string;
  /** The stage's last WORKDIR (absolute, inside the stage). */
  workdir: string;
}

export interface BuildOptions {
  /** The build context on disk (the repository root for our images). */
  context: string;
  /** The directory that stands for the stage's `/` (created if missing). */
  root: string;
  /** The stages COPY --from may name. */
  stages?: Record<string, StageFiles>;
  /** The environment RUN lines get (none else: the builder's RUN sees only the image's). */
  runEnv?: Record<string, string | undefined>;
  /** Bounds each RUN line. */
  runTimeoutMs?: number;
  /**
   * Where a COPY destination (absolute, inside the stage) goes instead, for a provided build laid out differently
   * from the image's (the suite's web build keeps its output outside apps/web/.next). Default: where it says.
   */
  placeDestination?: (path: string) => string;
}

/** Instructions that change nothing on disk, read by the test from the parsed Dockerfile instead. */
const METADATA = new Set(['ENV', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'LABEL', 'ARG']);

export function buildStage(stage: Stage, options: BuildOptions): BuiltStage {
  const onDisk = (path: string) => join(options.root, path);
  const ignorePatterns = readDockerignore(join(options.context, '.dockerignore'));
  let workdir = '/';
  mkdirSync(options.root, { recursive: true });
  for (const instruction of stage.instructions) {
    if (METADATA.has(instruction.keyword)) continue;
    if (instruction.keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, instruction.args);
      mkdirSync(onDisk(workdir), { recursive: true });
    } else if (instruction.keyword === 'COPY') {
      const spec = copySpec(instruction);
      const destination = (options.placeDestination ?? ((path: string) => path))(
        posix.resolve(workdir, spec.destination),
      );
      const intoDirectory = spec.destination.endsWith('/') || spec.sources.length > 1;
      for (const source of spec.sources) {
        if (source.includes('*'))
          throw new Error(`line ${instruction.line}: wildcards are not supported here`);
        if (spec.from === undefined) {
          const path = posix.normalize(source).replace(/^\.?\/+/, '');
          if (dockerIgnores(ignorePatterns, path)) {
            throw new Error(
              `line ${instruction.line}: ${source} is excluded from the context by .dockerignore`,
            );
          }
          copyLikeDocker(join(options.context, path), onDisk(destination), intoDirectory, (from) =>
            dockerIgnores(ignorePatterns, relative(options.context, from).split(sep).join('/')),
          );
        } else {
          const from = options.stages?.[spec.from];
          if (!from) throw new Error(`line ${instruction.line}: no files for stage ${spec.from}`);
          copyLikeDocker(from.onDisk(source), onDisk(destination), intoDirectory, () => false);
        }
      }
    } else if (instruction.keyword === 'RUN') {
      execFileSync('sh', ['-c', instruction.args], {
        cwd: onDisk(workdir),
        env: options.runEnv ?? {},
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: options.runTimeoutMs ?? 300_000,
      });
    } else {
      throw new Error(
        `line ${instruction.line}: ${instruction.keyword} is not supported by this test helper`,
      );
    }
  }
  return { root: options.root, workdir, onDisk };
}

function copyLikeDocker(
  source: string,
  destination: string,
  intoDirectory: boolean,
  excluded: (path: string) => boolean,
): void {
  if (!existsSync(source)) throw new Error(`COPY source ${source} does not exist`);
  if (lstatSync(source).isDirectory()) {
    cpSync(source, destination, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => from === source || !excluded(from),
    });
    return;
  }
  const target =
    intoDirectory || (existsSync(destination) && lstatSync(destination).isDirectory())
      ? join(destination, basename(source))
      : destination;
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target, { verbatimSymlinks: true });
}

/** Every symlink under `root` whose target is missing or lies outside `root` (an image must not need either). */
export function linksLeavingRoot(root: string): string[] {
  const realRoot = realpathSync(root);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = join(dirname(path), readlinkSync(path));
        const real = existsSync(target) ? realpathSync(target) : undefined;
        if (!real || !(real === realRoot || real.startsWith(realRoot + sep))) {
          found.push(`${relative(root, path)} -> ${readlinkSync(path)}`);
        }
      } else if (entry.isDirectory()) {
        walk(path);
      }
    }
  };
  walk(root);
  return found;
}

/** The installed packages (`name` or `@scope/name`) directly under a node_modules directory. */
export function installedPackages(nodeModules: string): string[] {
  return readdirSync(nodeModules, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    if (!entry.name.startsWith('@')) return [entry.name];
    return readdirSync(join(nodeModules, entry.name)).map((name) => `${entry.name}/${name}`);
  });
}
