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

describe('loading .env', () => {
  it('never overrides a variable the platform already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=9999\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { PORT: '8080' };
    expect(loadDotEnv(env, join(dir, '.env'))).toBe(join(dir, '.env'));
    expect(env).toEqual({ PORT: '8080', LOG_LEVEL: 'debug' });
  });
});
