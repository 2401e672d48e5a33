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
import { GREETING_IN_PROGRESS, GreetingGuard } from '../src/greeting-guard.ts';
import { InterviewAgent } from '../src/interview-agent.ts';
import { InterviewController } from '../src/interview-controller.ts';
import { InterviewStore } from '../src/interview-store.ts';
import { metricsReporter, serveMetrics } from '../src/metrics.ts';

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

describe('InterviewAgent tools in an AgentSession', () => {
  it('refuses tools before the greeting, applies them after, and answers bad arguments with an error', async () => {
    const metrics = metricsReporter(metricsPort);
    const store = new InterviewStore(db, ROOM, log, 2_000, metrics);
    const state =
      (await store.load('uid-ada', 'Ada Lovelace'))?.state ?? newInterview({ candidateName: 'Ada' });
    const guard = new GreetingGuard((tool) => metrics.toolCall(tool, 'refused_greeting'));
    const controller = new InterviewController(state, store, log, metrics, () => {}, 1);
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
    const session = new voice.AgentSession({ llm });
    await session.start({ agent: new InterviewAgent(controller, guard) });
    try {
      const early = await session.run({ userInput: PROFILE_ANSWER }).wait();
      early.expect.containsFunctionCall({ name: 'save_profile' });
      expect(outputsOf(early)).toContain(JSON.stringify(GREETING_IN_PROGRESS));
      expect(controller.state.phase).toBe('profile');

      const greeting = voice.SpeechHandle.create();
      guard.greetWith(greeting);
      greeting._markDone();
      await guard.whenGreeted();
      const saved = await session.run({ userInput: PROFILE_ANSWER }).wait();
      saved.expect.containsFunctionCallOutput({ isError: false });
      expect(controller.state).toMatchObject({
        phase: 'background',
        profile: { targetRole: 'software_engineer' },
      });

      const rejected = await session.run({ userInput: BAD_SCORES }).wait();
      expect(outputsOf(rejected)).toMatch(/Invalid arguments|ERROR/);
      expect(controller.state.answers).toEqual([]);
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
