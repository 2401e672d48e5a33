import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInterviewResponse } from '@rehearse/api-contract';
import type { SessionRecord } from '@rehearse/gemini-live-emulator';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { startFullStack } from '@rehearse/test-stack/full-stack';
import { postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { progress, round, type Summary, summarize } from './stats.ts';

/** Gemini's end-of-speech window when the setup asks for none (the emulator's default too). */
const DEFAULT_END_OF_SPEECH_WINDOW_MS = 800;
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

/**
 * The response overhead, step by step (they add up to it), from the emulator's own record on the bench's clock:
 * the candidate's speech ends → the emulator's voice detector ends the turn (minus its window: the input path,
 * candidate → livekit-server → job → plugin → model) → the scripted `save_profile` call is sent → the agent's
 * tool response arrives (ours: agents-js' tool dispatch and the database write) → the model's first audio is
 * sent (the emulator synthesising its first chunk) → heard by the candidate (the output path).
 */
const RESPONSE_STEPS = [
  'inputPath',
  'modelTurnStart',
  'toolRoundTrip',
  'modelFirstAudio',
  'outputPath',
] as const;
type ResponseStep = (typeof RESPONSE_STEPS)[number];

interface Sample {
  greetingMs: number;
  /** Milliseconds from the candidate's connection to each point of the job's timeline. */
  timeline: Partial<Record<TimelinePoint, number>>;
  /** The agent's first audio frame left the job → it was heard by the candidate (publish + SFU + subscription). */
  deliveryMs?: number;
  responseOverheadMs?: number;
  /** The end-of-speech window the agent asked the model for (its thinking time), taken off the overhead. */
  endOfSpeechWindowMs?: number;
  responseSteps?: Partial<Record<ResponseStep, number>>;
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
    // Noah at a person's pace (the suites' stacks make him quicker): his turns are as long as in production.
    emulator: {
      latency: { setupMs: 0, firstResponseMs: 0, realtimeFactor: 1, chunkMs: 200 },
      voiceWordsPerMinute: 175,
    },
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
    let endOfSpeechWindowMs: number | undefined;
    let responseSteps: Sample['responseSteps'];
    if (answer) {
      const speechEndedAt = await candidate.speakTimingItsEnd(answer);
      const replyHeardAt = await candidate.waitForSoundAfter(speechEndedAt, 30_000);
      if (replyHeardAt === undefined) throw new Error('no reply audio heard');
      const session = sessionThatHeard(stack.emulator.sessions, speechEndedAt);
      if (!session) throw new Error('no model session ended a turn after the answer');
      endOfSpeechWindowMs = askedEndOfSpeechWindowMs(session);
      responseOverheadMs = replyHeardAt - speechEndedAt - endOfSpeechWindowMs;
      responseSteps = responseBreakdown(session, endOfSpeechWindowMs, speechEndedAt, replyHeardAt);
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
      endOfSpeechWindowMs,
      responseSteps,
    };
  } finally {
    await candidate.leave();
    // Ends the job now, as a candidate's "End interview" would, instead of its waiting for them to come back.
    await stack.rooms.deleteRoom(start.room_name).catch(() => {});
  }
}

const turnEndAfter = (at: number) => (event: { event: string; at: number }) =>
  event.event === 'end' && event.at > at;

/** Spaced candidates come one at a time, so the session whose voice detector ended a turn after this speech is theirs. */
function sessionThatHeard(sessions: readonly SessionRecord[], speechEndedAt: number) {
  return [...sessions].reverse().find((record) => record.userSpeech.some(turnEndAfter(speechEndedAt)));
}

/** The silence that ends a turn, as the agent's setup asked for it (the interview's thinking time). */
function askedEndOfSpeechWindowMs(session: SessionRecord): number {
  const input = session.setup?.realtimeInputConfig as
    | { automaticActivityDetection?: { silenceDurationMs?: number } }
    | undefined;
  return input?.automaticActivityDetection?.silenceDurationMs ?? DEFAULT_END_OF_SPEECH_WINDOW_MS;
}

function responseBreakdown(
  session: SessionRecord,
  windowMs: number,
  speechEndedAt: number,
  replyHeardAt: number,
): Sample['responseSteps'] {
  const turnEndedAt = session.userSpeech.find(turnEndAfter(speechEndedAt))?.at;
  if (turnEndedAt === undefined) return undefined;
  const firstAt = (
    messages: readonly Record<string, unknown>[],
    times: readonly number[],
    since: number,
    matches: (message: Record<string, unknown>) => boolean,
  ) => times.find((at, index) => at >= since && matches(messages[index] ?? {}));
  const callAt = firstAt(session.sent, session.sentAt, turnEndedAt, (message) => 'toolCall' in message);
  const toolAnsweredAt =
    callAt === undefined
      ? undefined
      : firstAt(session.received, session.receivedAt, callAt, (message) => 'toolResponse' in message);
  const audioSentAt = firstAt(session.sent, session.sentAt, toolAnsweredAt ?? turnEndedAt, (message) =>
    JSON.stringify(message).includes('"inlineData"'),
  );
  if (audioSentAt === undefined) return undefined;
  return {
    inputPath: turnEndedAt - windowMs - speechEndedAt,
    ...(callAt !== undefined && toolAnsweredAt !== undefined
      ? { modelTurnStart: callAt - turnEndedAt, toolRoundTrip: toolAnsweredAt - callAt }
      : {}),
    modelFirstAudio: audioSentAt - (toolAnsweredAt ?? turnEndedAt),
    outputPath: replyHeardAt - audioSentAt,
  };
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
  const windows = [...new Set(defined(samples.map((sample) => sample.endOfSpeechWindowMs)))];
  const responseSteps: Partial<Record<ResponseStep, Summary>> = {};
  for (const step of RESPONSE_STEPS) {
    const values = defined(samples.map((sample) => sample.responseSteps?.[step]));
    if (values.length > 0) responseSteps[step] = summarize(values);
  }
  return {
    greetingMs: summarize(samples.map((sample) => sample.greetingMs)),
    greetingSamplesMs: samples.map((sample) => round(sample.greetingMs)),
    /** p50 milliseconds from the candidate's connection to each step of the job (its own clock, same machine). */
    timelineMs: timeline,
    deliveryMs: summarize(defined(samples.map((sample) => sample.deliveryMs))),
    ...(overhead.length > 0
      ? {
          responseOverheadMs: summarize(overhead),
          endOfSpeechWindowsMs: windows,
          responseStepsMs: responseSteps,
        }
      : {}),
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
    row(
      `response overhead (speech end → reply heard − the ${result.spaced.endOfSpeechWindowsMs?.join('/') ?? '?'} ms window asked for)`,
      result.spaced.responseOverheadMs,
    ),
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
  const steps = result.spaced.responseStepsMs;
  if (steps) {
    lines.push('', 'Where the response overhead goes (ms per step; the steps add up to it):', '');
    lines.push('| step | n | p50 | p95 |', '| --- | --- | --- | --- |');
    for (const step of RESPONSE_STEPS) {
      const summary = steps[step];
      if (summary) lines.push(`| ${step} | ${summary.n} | ${round(summary.p50)} | ${round(summary.p95)} |`);
    }
  }
  return lines;
}
