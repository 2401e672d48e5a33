import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { startInterviewResponse } from '@rehearse/api-contract';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { progress, round, type Summary, summarize } from './stats.ts';

/** The emulator's end-of-speech window: the agent asks for none, so it is Gemini's 800 ms default. */
const END_OF_SPEECH_WINDOW_MS = 800;
/** Between spaced arrivals: the worker has its idle job process back well before the next candidate. */
const ARRIVAL_SPACING_MS = 3_000;

/** The job's own clock (epoch ms), from its 'greeting timeline' log line (apps/agent/src/interview-job.ts). */
const TIMELINE_POINTS = [
  'jobEntryAt',
  'roomConnectedAt',
  'sessionStartedAt',
  'leaseCheckedAt',
  'candidateFoundAt',
  'interviewLoadedAt',
  'openingRequestedAt',
  'firstAudioAt',
] as const;
type TimelinePoint = (typeof TIMELINE_POINTS)[number];

interface Sample {
  greetingMs: number;
  /** Milliseconds from the candidate's connection to each point of the job's timeline. */
  timeline: Partial<Record<TimelinePoint, number>>;
  /** The agent's first audio frame left the job → it was heard by the candidate (publish + SFU + subscription). */
  deliveryMs?: number;
  responseOverheadMs?: number;
}

/**
 * Greeting latency as production sees it: each candidate is a new Firebase user whose interview is made by the
 * web app's real POST /api/start-interview (its token carries Noah's dispatch, as the browser's does), then joins
 * with @livekit/rtc-node; from connected to the first audible frame of Noah's greeting. The Gemini Live emulator
 * answers with no added latency (first response 0 ms, setup 0 ms), so the figures are ours. Spaced arrivals
 * measure the warm path (an idle job process waiting); a burst of simultaneous candidates measures the cold one.
 * Each spaced candidate then answers once: response overhead = end of their speech → Noah's first audio, minus
 * the emulator's end-of-speech window.
 */
export async function benchGreeting({ quick }: { quick: boolean }) {
  const spaced = quick ? 10 : 30;
  const burst = quick ? 4 : 8;
  const stack = await startFullStack({
    scenarioFile: join(import.meta.dirname, '../e2e/agent/scenarios/one-question.json'),
    emulator: { latency: { setupMs: 0, firstResponseMs: 0, realtimeFactor: 1, chunkMs: 200 } },
    agentEnv: { AGENT_MAX_CONCURRENT_JOBS: String(burst + 2), LOG_LEVEL: 'info' },
  });
  try {
    const answer = await candidateSpeech('A backend engineer role, with five years of experience.');
    const users = [];
    for (let i = 0; i < spaced + burst; i++)
      users.push(await signUpUser(stack.auth.host, `Bench Candidate${i}`));

    // A call that fails is a figure too: counted with its reason, never the end of the run.
    const failures: Array<{ arrival: 'spaced' | 'burst'; reason: string }> = [];
    const attempt = (arrival: 'spaced' | 'burst', idToken: string, speech?: Int16Array) =>
      interview(stack, idToken, speech).catch((error: unknown) => {
        failures.push({ arrival, reason: String(error) });
        return undefined;
      });
    const warm: Sample[] = [];
    for (const [index, user] of users.slice(0, spaced).entries()) {
      const sample = await attempt('spaced', user.idToken, answer);
      if (sample) warm.push(sample);
      progress('greeting, spaced arrivals', index + 1, spaced);
      await sleep(ARRIVAL_SPACING_MS);
    }
    let done = 0;
    const cold = (
      await Promise.all(
        users.slice(spaced).map(async (user) => {
          const sample = await attempt('burst', user.idToken);
          progress('greeting, burst', ++done, burst);
          return sample;
        }),
      )
    ).filter((sample): sample is Sample => sample !== undefined);
    return {
      method:
        'full stack (next start, livekit-server, agent build, PGlite process, Auth emulator); emulator latency 0; ' +
        `${spaced} spaced arrivals ${ARRIVAL_SPACING_MS / 1000} s apart, then a burst of ${burst}`,
      spaced: describeSamples(warm),
      burst: describeSamples(cold),
      failures,
    };
  } finally {
    await dispose();
    await stack.stop();
  }
}

async function interview(stack: Stack, idToken: string, answer?: Int16Array): Promise<Sample> {
  const response = await postStartInterview(stack.web.url, { idToken, body: '{}' });
  if (response.status !== 200) throw new Error(`start-interview answered ${response.status}`);
  const start = await readContract(response, startInterviewResponse);
  const candidate = await RtcParticipant.join(start.livekit_url, start.token);
  const connectedAt = performance.now();
  const connectedEpoch = performance.timeOrigin + connectedAt;
  try {
    await candidate.publishMicrophone();
    await candidate.waitForAgentTurns(1, 30_000);
    const heardAt = candidate.firstSoundAt;
    if (heardAt === undefined) throw new Error(`no greeting audio heard in ${start.room_name}`);
    let responseOverheadMs: number | undefined;
    if (answer) {
      const speechEndedAt = await candidate.speakTimingItsEnd(answer);
      const replyHeardAt = await firstSoundAfter(candidate, speechEndedAt);
      responseOverheadMs = replyHeardAt - speechEndedAt - END_OF_SPEECH_WINDOW_MS;
      await candidate.waitForAgentTurns(2, 30_000);
    }
    const timeline = greetingTimeline(stack.agentLog, start.room_name);
    const relative = Object.fromEntries(
      Object.entries(timeline).map(([point, at]) => [point, at - connectedEpoch]),
    ) as Sample['timeline'];
    return {
      greetingMs: heardAt - connectedAt,
      timeline: relative,
      deliveryMs:
        timeline.firstAudioAt === undefined
          ? undefined
          : performance.timeOrigin + heardAt - timeline.firstAudioAt,
      responseOverheadMs,
    };
  } finally {
    await candidate.leave();
    // Ends the job now, as a candidate's "End interview" would, instead of its waiting for them to come back.
    await stack.rooms.deleteRoom(start.room_name).catch(() => {});
  }
}

async function firstSoundAfter(candidate: RtcParticipant, since: number): Promise<number> {
  const deadline = since + 30_000;
  while (performance.now() < deadline) {
    const at = candidate.firstSoundAfter(since);
    if (at !== undefined) return at;
    await sleep(5);
  }
  throw new Error('no reply audio heard');
}

function greetingTimeline(
  agentLog: readonly string[],
  roomName: string,
): Partial<Record<TimelinePoint, number>> {
  const line = agentLog.find((entry) => entry.includes('"greeting timeline"') && entry.includes(roomName));
  if (!line) return {};
  const parsed = JSON.parse(line) as Record<string, unknown>;
  return Object.fromEntries(
    TIMELINE_POINTS.filter((point) => typeof parsed[point] === 'number').map((point) => [
      point,
      parsed[point],
    ]),
  );
}

function describeSamples(samples: Sample[]) {
  const defined = (values: Array<number | undefined>) =>
    values.filter((value): value is number => value !== undefined);
  const timeline: Partial<Record<TimelinePoint, Summary>> = {};
  for (const point of TIMELINE_POINTS) {
    const values = defined(samples.map((sample) => sample.timeline[point]));
    if (values.length > 0) timeline[point] = summarize(values);
  }
  const overhead = defined(samples.map((sample) => sample.responseOverheadMs));
  return {
    greetingMs: summarize(samples.map((sample) => sample.greetingMs)),
    greetingSamplesMs: samples.map((sample) => round(sample.greetingMs)),
    /** p50 milliseconds from the candidate's connection to each step of the job (its own clock, same machine). */
    timelineMs: timeline,
    deliveryMs: summarize(defined(samples.map((sample) => sample.deliveryMs))),
    ...(overhead.length > 0 ? { responseOverheadMs: summarize(overhead) } : {}),
  };
}

export function greetingSummaryLines(result: Awaited<ReturnType<typeof benchGreeting>>): string[] {
  const row = (label: string, summary: Summary | undefined) =>
    summary
      ? `| ${label} | ${summary.n} | ${summary.p50} | ${summary.p95} | ${summary.p99} | ${summary.max} |`
      : `| ${label} | 0 | | | | |`;
  const lines = [
    `Greeting and response (${result.method}), milliseconds:`,
    '',
    '| figure | n | p50 | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- |',
    row('greeting, spaced (connected → first audio heard)', result.spaced.greetingMs),
    row('greeting, burst', result.burst.greetingMs),
    row('response overhead (speech end → reply heard − 800 ms window)', result.spaced.responseOverheadMs),
    row('delivery (job sends first audio → heard)', result.spaced.deliveryMs),
    '',
    `Failed calls: ${result.failures.length}${result.failures.map((f) => `; ${f.arrival}: ${f.reason}`).join('')}`,
    '',
    'Where the spaced greeting goes (from the candidate connected to each step, the job clock):',
    '',
    '| step | p50 | p95 |',
    '| --- | --- | --- |',
  ];
  for (const point of TIMELINE_POINTS) {
    const summary = result.spaced.timelineMs[point];
    if (summary) lines.push(`| ${point} | ${round(summary.p50)} | ${round(summary.p95)} |`);
  }
  return lines;
}
