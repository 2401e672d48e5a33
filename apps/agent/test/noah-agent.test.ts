import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initializeLogger, voice } from '@livekit/agents';
import { createDatabase, type Database, migrate } from '@rehearse/db';
import { startEmbeddedDatabase } from '@rehearse/db/embedded-server';
import { newInterview } from '@rehearse/interview';
import { freePort } from '@rehearse/local-stack';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterviewStore } from '../src/interview-store.ts';
import { metricsReporter } from '../src/metrics-reporter.ts';
import { serveMetrics } from '../src/metrics-server.ts';
import { GREETING_IN_PROGRESS } from '../src/noah/greeting-guard.ts';
import { InterviewData } from '../src/noah/interview-data.ts';
import { NoahAgent } from '../src/noah/noah-agent.ts';

/**
 * Noah's tools inside a real AgentSession (agents-js test tooling: FakeLLM plays the model), writing to a
 * real embedded database and reporting to the real metrics registry.
 */
const log = pino({ level: 'silent' });
const ROOM = 'interview-agent-test';
let stop: () => Promise<void>;
let db: Database;
let sessionId: string;
let metricsPort: number;

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'warn' });
  const server = await startEmbeddedDatabase({
    dataDir: mkdtempSync(join(tmpdir(), 'agent-test-')),
    port: 0,
    log,
  });
  db = createDatabase({ url: server.url, log });
  await migrate(db.pool, { log });
  await db.users.upsert({ uid: 'uid-ada', email: 'ada@example.test', displayName: 'Ada Lovelace' });
  sessionId = (await db.interviews.create({ userId: 'uid-ada', roomName: ROOM, phase: 'profile' })).id;
  metricsPort = await freePort();
  const metrics = await serveMetrics('127.0.0.1', metricsPort);
  stop = async () => {
    await metrics.close();
    await db.close();
    await server.stop();
  };
});

afterAll(async () => stop?.());

/** Every tool output of a run, as the model received it. */
function outputsOf(result: voice.testing.RunResult): string {
  return result.events
    .filter((event) => event.type === 'function_call_output')
    .map((event) => event.item.output)
    .join('\n');
}

const PROFILE_ANSWER = 'I want a backend engineer role and I have five years of experience.';
const BAD_SCORES = 'Here is my background.';

describe('NoahAgent and its tools in an AgentSession', () => {
  it('refuses tools before the greeting, applies them after, and answers bad arguments with an error', async () => {
    const metrics = metricsReporter(metricsPort);
    const store = new InterviewStore(db, { interviewId: sessionId, roomName: ROOM }, log, 2_000, metrics);
    const interview = new InterviewData({ store, log, metrics, questionCount: 1, onChange: () => {} });
    const state = (await store.load('uid-ada', 'Ada Lovelace')) ?? newInterview({ candidateName: 'Ada' });
    const llm = new voice.testing.FakeLLM([
      {
        input: PROFILE_ANSWER,
        toolCalls: [
          {
            name: 'save_profile',
            args: { name: 'Ada', target_role: 'backend engineer', experience_years: 5 },
          },
        ],
      },
      {
        input: BAD_SCORES,
        toolCalls: [
          {
            name: 'record_answer',
            args: {
              question_id: 'background',
              summary: 'x',
              scores: [{ competency: 'charm', score: 9, evidence: '' }],
            },
          },
        ],
      },
    ]);
    const session = new voice.AgentSession({ llm, userData: interview });
    await session.start({ agent: new NoahAgent() });
    try {
      const early = await session.run({ userInput: PROFILE_ANSWER }).wait();
      early.expect.containsFunctionCall({ name: 'save_profile' });
      early.expect.containsFunctionCallOutput({ isError: true });
      expect(outputsOf(early)).toContain(GREETING_IN_PROGRESS);
      expect(interview.state.phase).toBe('profile');

      // The opening NoahAgent.onEnter waits for: a greeting, spoken by the FakeLLM.
      interview.begin(state, 'greet');
      await interview.greeting.whenGreeted();
      const saved = await session.run({ userInput: PROFILE_ANSWER }).wait();
      saved.expect.containsFunctionCallOutput({ isError: false });
      expect(interview.state).toMatchObject({
        phase: 'background',
        profile: { targetRole: 'software_engineer' },
      });

      const rejected = await session.run({ userInput: BAD_SCORES }).wait();
      expect(outputsOf(rejected)).toMatch(/Invalid arguments|ERROR/);
      expect(interview.state.answers).toEqual([]);
    } finally {
      await session.close();
    }

    expect(await store.flush(5_000)).toBe(true);
    expect((await db.interviews.get(sessionId))?.phase).toBe('background');
    const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(scraped).toMatch(
      /rehearse_agent_tool_calls_total\{tool="save_profile",outcome="refused_greeting"\} 1/,
    );
    expect(scraped).toMatch(/rehearse_agent_tool_calls_total\{tool="save_profile",outcome="ok"\} 1/);
    metrics.close();
  });
});
