/**
 * The deploy files, read without a container engine or a cloud: the two Dockerfiles (linted, and our rules for
 * a production image), .dockerignore, the Cloud Run manifests and .env.production.example, each checked against
 * what the processes really read (the config schemas) and against docs/deploy.md, which tells a team how to fill
 * them. e2e/deploy/images.test.ts runs what the Dockerfiles describe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  agentSchema,
  ConfigError,
  parseConfig,
  readEnvFile,
  shutdownDeadlineMs,
  shutdownFlushMs,
  webServerSchema,
} from '@rehearse/config';
import { webClientSchema } from '@rehearse/config/web-client';
import {
  argNames,
  copySpec,
  dockerIgnores,
  execForm,
  finalStage,
  healthcheckCommand,
  instructionsOf,
  lastOf,
  readDockerfile,
  readDockerignore,
  type Stage,
  stageEnv,
} from '@rehearse/test-stack/dockerfile';
import { ValidationSeverity, type ValidatorSettings, validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** Cloud Run sends SIGKILL this long after SIGTERM, for every service (its container contract; not settable). */
const CLOUD_RUN_SHUTDOWN_MS = 10_000;

/** A variable whose value is a credential: never a literal in a manifest, never in an image. */
const isSecretName = (name: string) =>
  !name.startsWith('NEXT_PUBLIC_') &&
  /SECRET|PASSWORD|TOKEN|API_KEY|CREDENTIAL|DATABASE_URL|REDIS_URL/.test(name);

/** The variable names a config schema reads (an object schema, possibly refined or piped through a transform). */
function schemaKeys(schema: unknown): string[] {
  const node = schema as { shape?: Record<string, unknown>; in?: unknown };
  if (node.shape) return Object.keys(node.shape);
  if (node.in) return schemaKeys(node.in);
  throw new Error('not an object schema');
}

/** The Dockerfile linter (the one VS Code's Docker support uses) with every rule it can relax made an error. */
const STRICT_LINT: ValidatorSettings = Object.fromEntries(
  [
    'deprecatedMaintainer',
    'directiveCasing',
    'emptyContinuationLine',
    'instructionCasing',
    'instructionCmdMultiple',
    'instructionEntrypointMultiple',
    'instructionHealthcheckMultiple',
    'instructionJSONInSingleQuotes',
    'instructionWorkdirRelative',
  ].map((rule) => [rule, ValidationSeverity.ERROR]),
);
const lint = (dockerfileText: string) =>
  validate(dockerfileText, STRICT_LINT).map(
    (diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`,
  );

const images = [
  { name: 'web', dockerfile: 'apps/web/Dockerfile', manifest: 'deploy/cloudrun/web.yaml' },
  { name: 'agent', dockerfile: 'apps/agent/Dockerfile', manifest: 'deploy/cloudrun/agent.yaml' },
] as const;

const knownNames = {
  web: new Set([...schemaKeys(webServerSchema), ...schemaKeys(webClientSchema)]),
  agent: new Set(schemaKeys(agentSchema)),
};

describe.each(images)('$dockerfile', ({ dockerfile }) => {
  const text = read(dockerfile);
  const stages = readDockerfile(join(repoRoot, dockerfile));
  const final = finalStage(stages);

  it('passes the Dockerfile linter', () => {
    expect(lint('FROM node:20\nWORKDIR app\nEXPOSE eighty\n')).toHaveLength(2); // the linter does run
    expect(lint(text)).toEqual([]);
  });

  it('runs as an unprivileged user', () => {
    const user = lastOf(final, 'USER')?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('starts node itself (exec form, so SIGTERM reaches the app as PID 1): no npm, no shell, no tsx', () => {
    const command = execForm(lastOf(final, 'CMD')?.args ?? '');
    expect(command?.[0]).toBe('node');
    expect(command?.join(' ')).not.toMatch(/tsx|npm|\.ts\b/);
    expect(instructionsOf(final, 'ENTRYPOINT')).toEqual([]);
  });

  it('honours PORT: the health check asks $PORT, and the port exposed is the default PORT', () => {
    const env = stageEnv(final);
    expect(env.NODE_ENV).toBe('production');
    expect(lastOf(final, 'EXPOSE')?.args).toBe(env.PORT);
    const healthcheck = lastOf(final, 'HEALTHCHECK');
    expect(healthcheck?.flags).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
    const command = healthcheck && healthcheckCommand(healthcheck);
    expect(command?.[0]).toBe('node');
    expect(command?.join(' ')).toContain('process.env.PORT');
  });

  it('bakes no secret in: no ARG, no ENV holding one, no secret variable named anywhere', () => {
    expect(argNames(stages)).toEqual([]);
    for (const stage of stages) expect(Object.keys(stageEnv(stage)).filter(isSecretName)).toEqual([]);
    const secretNames = [...knownNames.web, ...knownNames.agent].filter(isSecretName);
    expect(secretNames.length).toBeGreaterThan(3);
    for (const name of secretNames) expect(text).not.toContain(name);
  });

  it('copies into the final stage only build output and installed packages, never sources or a whole tree', () => {
    const copies = instructionsOf(final, 'COPY').map(copySpec);
    expect(copies.length).toBeGreaterThan(0);
    for (const { from, sources } of copies) {
      for (const source of sources) {
        expect(source).not.toMatch(/(^|\/)src(\/|$)|\.tsx?$/);
        if (from === undefined) expect(source).toMatch(/package\.json$/);
        else expect(['/', '/app', '/app/', '.', './']).not.toContain(source);
      }
    }
  });

  it('pins its base image and its npm to exact versions', () => {
    for (const stage of stages) {
      const base = stages.some((other) => other.name === stage.from) ? undefined : stage.from;
      if (base) expect(base).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim$/);
    }
    const npmInstalls = stages.flatMap((stage) => instructionsOf(stage, 'RUN')).map(({ args }) => args);
    expect(npmInstalls.join('\n')).toMatch(/npm install --global npm@\d+\.\d+\.\d+/);
  });

  it('reads nothing from the build context that .dockerignore keeps out', () => {
    const patterns = readDockerignore(join(repoRoot, '.dockerignore'));
    const contextSources = stages
      .flatMap((stage) => instructionsOf(stage, 'COPY').map(copySpec))
      .filter(({ from }) => from === undefined)
      .flatMap(({ sources }) => sources.map((source) => source.replace(/\/$/, '')));
    expect(contextSources.filter((source) => dockerIgnores(patterns, source))).toEqual([]);
  });
});

describe('the agent image', () => {
  const stages = readDockerfile(join(repoRoot, 'apps/agent/Dockerfile'));

  it('installs its runtime packages without development dependencies', () => {
    const copiesOfNodeModules = instructionsOf(finalStage(stages), 'COPY')
      .map(copySpec)
      .filter(({ sources }) => sources.some((source) => source.endsWith('node_modules')));
    expect(copiesOfNodeModules).toHaveLength(1);
    const deps = stages.find((stage) => stage.name === copiesOfNodeModules[0]?.from) as Stage;
    expect(
      instructionsOf(deps, 'RUN')
        .map(({ args }) => args)
        .join('\n'),
    ).toMatch(/npm ci --omit=dev --workspace @rehearse\/agent/);
  });
});

describe('.dockerignore', () => {
  const patterns = readDockerignore(join(repoRoot, '.dockerignore'));

  it('keeps secrets, installed packages, build output and git out of the build context', () => {
    for (const path of [
      '.env',
      '.env.local',
      'apps/web/.env.production',
      'node_modules/next/package.json',
      'apps/web/node_modules/x',
      'apps/web/.next/BUILD_ID',
      'apps/agent/dist/main.js',
      '.git/config',
      '.data/pglite/PG_VERSION',
    ]) {
      expect(dockerIgnores(patterns, path), path).toBe(true);
    }
    for (const path of ['package.json', 'apps/web/app/page.tsx', 'packages/db/src/index.ts']) {
      expect(dockerIgnores(patterns, path), path).toBe(false);
    }
  });
});

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: number };
}
interface KnativeService {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: {
        containerConcurrency?: number;
        timeoutSeconds?: number;
        containers: Array<{
          ports: Array<{ containerPort: number }>;
          env: EnvEntry[];
          startupProbe?: Probe;
          livenessProbe?: Probe;
        }>;
      };
    };
  };
}

const manifests = Object.fromEntries(
  images.map(({ name, manifest }) => [name, parseYaml(read(manifest)) as KnativeService]),
) as Record<(typeof images)[number]['name'], KnativeService>;
const containerOf = (service: KnativeService) => {
  const container = service.spec.template.spec.containers[0];
  if (!container) throw new Error(`${service.metadata.name} has no container`);
  return container;
};
const literalEnv = (service: KnativeService) =>
  Object.fromEntries(
    containerOf(service)
      .env.filter((entry) => entry.value !== undefined)
      .map((entry) => [entry.name, entry.value]),
  );

describe.each(images)('$manifest', ({ name, manifest }) => {
  const service = manifests[name];
  const container = containerOf(service);
  const annotations = service.spec.template.metadata.annotations;

  it('is a Cloud Run (Knative) service with one container', () => {
    expect(service.apiVersion).toBe('serving.knative.dev/v1');
    expect(service.kind).toBe('Service');
    expect(service.spec.template.spec.containers).toHaveLength(1);
  });

  it('sets only variables its process reads, and leaves PORT to Cloud Run', () => {
    const names = container.env.map((entry) => entry.name);
    expect(names.filter((variable) => !knownNames[name].has(variable))).toEqual([]);
    expect(names).not.toContain('PORT');
    expect(new Set(names).size).toBe(names.length);
  });

  it('takes every secret from Secret Manager, never as a literal', () => {
    for (const entry of container.env.filter((candidate) => isSecretName(candidate.name))) {
      expect(entry.value, entry.name).toBeUndefined();
      expect(entry.valueFrom?.secretKeyRef, entry.name).toEqual({ name: expect.any(String), key: 'latest' });
    }
    const secretNames = container.env.filter((entry) => entry.valueFrom).map((entry) => entry.name);
    expect(secretNames).toEqual(expect.arrayContaining(['LIVEKIT_API_SECRET', 'DATABASE_URL']));
  });

  it('reaches Cloud SQL through its socket and keeps CPU between requests', () => {
    expect(annotations['run.googleapis.com/cloudsql-instances']).toMatch(/^\$\{CLOUD_SQL_INSTANCE\}$/);
    expect(annotations['run.googleapis.com/cpu-throttling']).toBe('false');
    expect(Number(annotations['autoscaling.knative.dev/minScale'])).toBeGreaterThanOrEqual(1);
    expect(service.spec.template.spec.containerConcurrency).toBeGreaterThan(0);
    expect(service.spec.template.spec.timeoutSeconds).toBeGreaterThan(0);
  });

  it('probes the health endpoint on the container port', () => {
    const port = container.ports[0]?.containerPort;
    const path = name === 'web' ? '/api/health' : '/';
    for (const probe of [container.startupProbe, container.livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path, port });
    }
  });

  it('uses only placeholders docs/deploy.md exports, and only secrets it creates', () => {
    const guide = read('docs/deploy.md');
    const placeholders = [...read(manifest).matchAll(/\$\{([A-Z_]+)\}/g)].map((match) => match[1] as string);
    for (const placeholder of new Set(placeholders)) {
      expect(guide, placeholder).toMatch(new RegExp(`export [^\\n]*\\b${placeholder}=`));
    }
    for (const entry of container.env.filter((candidate) => candidate.valueFrom)) {
      expect(guide, entry.name).toContain(`put ${entry.valueFrom?.secretKeyRef?.name} `);
    }
  });

  it('sets nothing .env.production.example does not document', () => {
    const documented = Object.keys(readEnvFile(join(repoRoot, '.env.production.example')));
    const names = container.env.map((entry) => entry.name);
    expect(names.filter((variable) => !documented.includes(variable))).toEqual([]);
  });
});

describe('the Cloud Run services together', () => {
  it('dispatch and register under the same agent name', () => {
    expect(literalEnv(manifests.web).AGENT_NAME).toBeDefined();
    expect(literalEnv(manifests.agent).AGENT_NAME).toBe(literalEnv(manifests.web).AGENT_NAME);
  });

  it('keep a fixed number of agent workers: the autoscaler cannot see interviews and would scale in under them', () => {
    const annotations = manifests.agent.spec.template.metadata.annotations;
    expect(annotations['autoscaling.knative.dev/maxScale']).toBe(
      annotations['autoscaling.knative.dev/minScale'],
    );
    expect(manifests.agent.metadata.annotations?.['run.googleapis.com/ingress']).toBe('internal');
  });

  it("fit the agent's drain and its job's shutdown inside Cloud Run's 10 s between SIGTERM and SIGKILL", () => {
    const manifestValues = Object.entries(literalEnv(manifests.agent)).filter(
      ([, value]) => !value?.includes('${'),
    );
    const settings = parseConfig(agentSchema, 'agent', {
      ...readEnvFile(join(repoRoot, '.env.production.example')),
      ...Object.fromEntries(manifestValues),
    });
    expect(settings.AGENT_DRAIN_TIMEOUT_MS).toBeGreaterThan(0);
    // The worker exits by itself at this deadline, whatever still runs; the job's own shutdown fits in it.
    expect(shutdownDeadlineMs(settings)).toBeLessThan(CLOUD_RUN_SHUTDOWN_MS);
    expect(shutdownFlushMs(settings) + settings.DB_TIMEOUT_MS).toBeLessThan(
      settings.AGENT_SHUTDOWN_TIMEOUT_MS,
    );
  });

  it('count the web clients behind Cloud Run as one proxy hop', () => {
    expect(literalEnv(manifests.web).TRUSTED_PROXY_HOPS).toBe('1');
  });
});

describe('.env.production.example', () => {
  const example = readEnvFile(join(repoRoot, '.env.production.example'));

  it('names only variables a process reads', () => {
    const known = new Set([...knownNames.web, ...knownNames.agent]);
    expect(Object.keys(example).filter((name) => !known.has(name))).toEqual([]);
  });

  it('passes both processes’ production checks as written (no development setting, every value well formed)', () => {
    const env = { ...example, NODE_ENV: 'production' };
    const check = (run: () => unknown) => {
      try {
        run();
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    };
    expect(check(() => parseConfig(webServerSchema, 'web', env, { production: true }))).toEqual([]);
    expect(check(() => parseConfig(webClientSchema, 'web client', env))).toEqual([]);
    expect(check(() => parseConfig(agentSchema, 'agent', env, { production: true }))).toEqual([]);
  });
});
