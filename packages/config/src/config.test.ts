import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentSchema } from './agent.ts';
import { findUp, loadDotEnv, readEnvFile } from './env-file.ts';
import { ConfigError, parseConfig } from './parse.ts';
import { scriptsSchema } from './scripts.ts';
import { webClientSchema } from './web-client.ts';
import { webServerSchema } from './web-server.ts';

const example = readEnvFile(findUp('.env.example', import.meta.dirname) as string);
const agentEnv: Record<string, string> = {
  ...example,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5433/postgres',
  GOOGLE_API_KEY: 'k',
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('process configs', () => {
  it('accept the documented .env.example defaults', () => {
    const web = parseConfig(webServerSchema, 'web', { ...example, DATABASE_URL: agentEnv.DATABASE_URL });
    expect(web.LIVEKIT_PUBLIC_URL).toBe(example.LIVEKIT_URL);
    expect(web.TOKEN_TTL_SECONDS).toBe(300);
    const agent = parseConfig(agentSchema, 'agent', agentEnv);
    expect(agent.PORT).toBe(8081);
    expect(agent.HEALTH_HOST).toBe('0.0.0.0');
    expect(parseConfig(scriptsSchema, 'dev', example).EMBEDDED_DB_PORT).toBe(5433);
    expect(parseConfig(webClientSchema, 'web client', example).NEXT_PUBLIC_FIREBASE_PROJECT_ID).toBe(
      'demo-rehearse',
    );
  });

  it('names a missing variable and what it expects, in one line', () => {
    const { LIVEKIT_URL: _omit, ...env } = agentEnv;
    expect(problemsOf(() => parseConfig(agentSchema, 'agent', env))).toEqual([
      'config error (agent): LIVEKIT_URL must be set to a ws:// or wss:// URL; it is not set',
    ]);
  });

  it('names a malformed variable and shows the bad value, but never a secret', () => {
    const problems = problemsOf(() =>
      parseConfig(agentSchema, 'agent', { ...agentEnv, PORT: 'eighty', LIVEKIT_API_SECRET: '' }),
    );
    expect(problems).toContain('config error (agent): PORT must be a port number; got "eighty"');
    expect(problems).toContain(
      'config error (agent): LIVEKIT_API_SECRET must be the LiveKit API secret; got a value',
    );
    expect(problems).toHaveLength(2);
  });

  it('requires Gemini credentials: an API key, or Vertex AI with a project', () => {
    const { GOOGLE_API_KEY: _k, ...noKey } = agentEnv;
    expect(problemsOf(() => parseConfig(agentSchema, 'agent', noKey))[0]).toMatch(
      /^config error \(agent\): GOOGLE_API_KEY must be set/,
    );
    expect(
      problemsOf(() => parseConfig(agentSchema, 'agent', { ...noKey, GOOGLE_GENAI_USE_VERTEXAI: 'true' }))[0],
    ).toMatch(/GOOGLE_CLOUD_PROJECT must be set/);
    const vertex = parseConfig(agentSchema, 'agent', {
      ...noKey,
      GOOGLE_GENAI_USE_VERTEXAI: 'true',
      GOOGLE_CLOUD_PROJECT: 'p',
    });
    expect(vertex.GOOGLE_GENAI_USE_VERTEXAI).toBe(true);
  });

  it('refuses a TTL or timeout beyond its sane maximum, naming the maximum', () => {
    expect(
      problemsOf(() => parseConfig(agentSchema, 'agent', { ...agentEnv, DB_TIMEOUT_MS: '3000000' })),
    ).toEqual(['config error (agent): DB_TIMEOUT_MS must be at most 30000 milliseconds; got "3000000"']);
    const web = { ...example, DATABASE_URL: agentEnv.DATABASE_URL, TOKEN_TTL_SECONDS: '86400' };
    expect(problemsOf(() => parseConfig(webServerSchema, 'web', web))).toEqual([
      // A name with TOKEN in it is treated as a secret: the value is not echoed.
      'config error (web): TOKEN_TTL_SECONDS must be at most 3600 seconds; got a value',
    ]);
  });

  it('bounds every database pool: small by default, never zero, never unbounded', () => {
    const agent = parseConfig(agentSchema, 'agent', agentEnv);
    expect(agent.AGENT_JOB_DB_POOL_MAX).toBe(2);
    expect(agent.DATABASE_TRANSACTION_POOLER).toBe(false);
    const web = { ...example, DATABASE_URL: agentEnv.DATABASE_URL };
    expect(parseConfig(webServerSchema, 'web', web).WEB_DB_POOL_MAX).toBe(5);
    expect(
      problemsOf(() => parseConfig(agentSchema, 'agent', { ...agentEnv, AGENT_JOB_DB_POOL_MAX: '0' })),
    ).toEqual([
      'config error (agent): AGENT_JOB_DB_POOL_MAX must be a positive number of connections; got "0"',
    ]);
    expect(
      problemsOf(() => parseConfig(webServerSchema, 'web', { ...web, WEB_DB_POOL_MAX: '1000' })),
    ).toEqual(['config error (web): WEB_DB_POOL_MAX must be at most 100 connections; got "1000"']);
  });

  it('keeps recordings in the database unless told otherwise, and needs an absolute directory for files', () => {
    expect(parseConfig(agentSchema, 'agent', agentEnv).RECORDINGS_STORAGE).toBe('database');
    expect(
      problemsOf(() => parseConfig(agentSchema, 'agent', { ...agentEnv, RECORDINGS_STORAGE: 'filesystem' })),
    ).toEqual([
      'config error (agent): RECORDINGS_DIR must be set to an absolute directory when RECORDINGS_STORAGE=filesystem; it is not set',
    ]);
    expect(
      problemsOf(() =>
        parseConfig(webServerSchema, 'web', {
          ...agentEnv,
          RECORDINGS_STORAGE: 'filesystem',
          RECORDINGS_DIR: 'rel',
        }),
      ),
    ).toEqual(['config error (web): RECORDINGS_DIR must be an absolute path; got "rel"']);
    expect(
      problemsOf(() => parseConfig(agentSchema, 'agent', { ...agentEnv, RECORDINGS_STORAGE: 's3' })),
    ).toEqual(['config error (agent): RECORDINGS_STORAGE must be database or filesystem; got "s3"']);
    const files = parseConfig(webServerSchema, 'web', {
      ...agentEnv,
      RECORDINGS_STORAGE: 'filesystem',
      RECORDINGS_DIR: '/var/lib/rehearse/recordings',
    });
    expect(files).toMatchObject({
      RECORDINGS_STORAGE: 'filesystem',
      RECORDINGS_DIR: '/var/lib/rehearse/recordings',
    });
  });

  it('lets the browser see only NEXT_PUBLIC_* names', () => {
    for (const key of Object.keys(webClientSchema.shape)) expect(key).toMatch(/^NEXT_PUBLIC_/);
  });

  it('documents every variable of every schema in .env.example', () => {
    const documented = readFileSync(findUp('.env.example', import.meta.dirname) as string, 'utf8');
    const schemas = [agentSchema, scriptsSchema, webClientSchema, webServerSchema.in];
    for (const schema of schemas) {
      for (const key of Object.keys(schema.shape))
        expect(documented, key).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
    }
  });
});

describe('a production process (NODE_ENV=production)', () => {
  const production = {
    ...agentEnv,
    NODE_ENV: 'production',
    LIVEKIT_API_KEY: 'APIrealProjectKey',
    LIVEKIT_API_SECRET: 'a-real-project-secret-0123456789abcdefghij',
    FIREBASE_PROJECT_ID: 'rehearse-prod',
  };
  const asProduction = (env: Record<string, string | undefined>) => () =>
    parseConfig(agentSchema, 'agent', env, { production: true });

  it('starts with real settings', () => {
    expect(asProduction(production)().FIREBASE_PROJECT_ID).toBe('rehearse-prod');
  });

  it.each([
    [
      'the Auth emulator',
      { FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' },
      /FIREBASE_AUTH_EMULATOR_HOST is set/,
    ],
    [
      'the Gemini emulator',
      { GEMINI_LIVE_BASE_URL: 'http://127.0.0.1:9250' },
      /GEMINI_LIVE_BASE_URL is a plain http/,
    ],
    ["LiveKit's development key", { LIVEKIT_API_KEY: 'devkey' }, /LIVEKIT_API_KEY is the development key/],
    [
      'the example secret',
      { LIVEKIT_API_SECRET: example.LIVEKIT_API_SECRET },
      /LIVEKIT_API_SECRET is a development secret/,
    ],
    ['no Firebase project', { FIREBASE_PROJECT_ID: undefined }, /FIREBASE_PROJECT_ID is not set/],
    [
      'a demo Firebase project',
      { FIREBASE_PROJECT_ID: 'demo-rehearse' },
      /"demo-rehearse" is an emulator-only demo project/,
    ],
  ])('refuses %s in one line', (_, change, line) => {
    const problems = problemsOf(asProduction({ ...production, ...change }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config error \(agent\): NODE_ENV=production but /);
    expect(problems[0]).toMatch(line);
    expect(problems[0]).not.toContain(example.LIVEKIT_API_SECRET);
  });

  it('allows them outside production, when told a local test runs a production build, and in other processes', () => {
    const development = { ...production, LIVEKIT_API_KEY: 'devkey', FIREBASE_PROJECT_ID: 'demo-rehearse' };
    expect(() => asProduction({ ...development, NODE_ENV: 'development' })()).not.toThrow();
    expect(() => asProduction({ ...development, ALLOW_DEVELOPMENT_SETTINGS: 'true' })()).not.toThrow();
    expect(() => parseConfig(agentSchema, 'agent', development)).not.toThrow();
  });
});

describe('loading .env', () => {
  it('never overrides a variable the platform already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=9999\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { PORT: '8080' };
    expect(loadDotEnv(env, join(dir, '.env'))).toBe(join(dir, '.env'));
    expect(env).toEqual({ PORT: '8080', LOG_LEVEL: 'debug' });
  });
});
