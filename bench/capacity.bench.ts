import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadScenarioFile } from '@rehearse/gemini-live-emulator';
import { DEFAULT_THINKING_TIME, SILENCE_MS_BY_THINKING_TIME } from '@rehearse/interview';
import {
  buildAgent,
  freePort,
  type RunningService,
  repoRoot,
  startGeminiEmulatorProcess,
} from '@rehearse/local-stack';
import { synthesizeSpeech } from '@rehearse/speech';
import { joinToken as dispatchingToken } from '@rehearse/test-stack/agent-stack';
import { closeAllRooms, joinToken } from '@rehearse/test-stack/livekit';
import {
  machineBusySeconds,
  processesPssKiB,
  processGroupCpuSeconds,
  processGroupMembers,
  reapedChildrenCpuSeconds,
} from '@rehearse/test-stack/process-group';
import { AUDIBLE_LEVEL, RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { type Stack, startStack } from '@rehearse/test-stack/stack';
import { type AgentWorker, startAgentWorker } from '@rehearse/test-stack/test-agent';
import { lineChartSvg } from './chart.ts';
import { round, type Summary, summarize } from './stats.ts';

/**
 * Capacity: N simulated candidates at once, each in its own room, holding a spoken conversation with the agent
 * (greeting, then answer → reply → answer … in real time, real speech), against our agent and against a reference
 * agent written as LiveKit's starter writes one (bench/reference-agent). For each N and agent, over a fixed window
 * once every session is up: the agent tree's CPU and PSS per session, greeting and response latency, failed and
 * degraded calls; beside it the load generator's own CPU (this process), livekit-server's and the emulator's.
 */

const AGENTS = ['ours', 'reference'] as const;
type AgentKind = (typeof AGENTS)[number];
/** `none`: the calibration run, candidates speaking into empty rooms (the load generator's own cost). */
type RunKind = AgentKind | 'none';

const SAMPLE_RATE = 48_000;
/** The microphone's queue in the native source: an answer's end is known to within this. */
const MIC_QUEUE_MS = 100;
/**
 * Warm job processes each worker keeps (agents-js replaces every one a job takes, one start at a time). Candidates
 * arrive JOIN_INTERVAL_MS apart, time for a replacement to start: with N idle processes instead, the N replacements
 * and N session starts at once saturate 2 cores for the whole ramp, and the greetings measure that.
 */
const IDLE_PROCESSES = 2;
const JOIN_INTERVAL_MS = 3_000;
/** The candidate's pause between the agent's last word and their answer. */
const THINK_MS = 700;
const GREETING_TIMEOUT_MS = 30_000;
const REPLY_TIMEOUT_MS = 15_000;
const TURN_END_TIMEOUT_MS = 30_000;
const PSS_SAMPLES = 4;
/** The emulator's end-of-speech silence when the agent asks for none (the reference), inside its response latency. */
const EMULATOR_END_OF_SPEECH_MS = 800;
const ANSWERS = [
  'I led a payments migration that moved two million accounts without downtime, and it halved our failed transactions.',
  'The hardest part was the data backfill. We ran both systems side by side for a month and compared every result.',
  'I wrote the rollback plan first, then practised it twice with the team, so nobody was afraid to ship.',
];
const SCENARIO_FILE = join(import.meta.dirname, 'scenarios/capacity-loop.json');
const REFERENCE_DIR = join(import.meta.dirname, 'reference-agent');
const REFERENCE_BUILD = join(REFERENCE_DIR, 'dist');
const OUR_BUILD = join(repoRoot, 'apps/agent/dist');
/** Where the bench runs our build from: a copy, so a rebuild meanwhile cannot take files from under its processes. */
const OUR_BUILD_COPY = join(repoRoot, 'node_modules/.cache/rehearse-capacity-bench/agent');
const CGROUP_CPUACCT = '/sys/fs/cgroup/cpuacct';

export interface CapacityRun {
  agent: RunKind;
  n: number;
  /** Calls that were up in the window (greeted, not failed): the per-session figures divide by this. */
  sessions: number;
  windowSeconds: number;
  /** The agent worker and its job processes (absent for the calibration run). */
  agentTree?: {
    coresUsed: number;
    coresPerSession: number;
    coreSecondsPerSessionMinute: number;
    /** Cores used ÷ the machine's cores. */
    machinePercent: number;
    processes: number;
    /** Whether the tree reached worker + N jobs + its idle processes before the window (else it ran short). */
    settled: boolean;
    idlePssMiB: number;
    windowPssMiB: number;
    pssPerSessionMiB: number;
    errorLines: number;
    firstErrors: string[];
  };
  /** This process: the candidates' rooms, audio in and out, and the bench's own reading of /proc. */
  loadGenerator: { cores: number; coresPerCandidate: number };
  livekitServerCores: number;
  emulatorCores: number;
  /** The embedded database (our agent's persistence; the reference has none). */
  databaseCores: number;
  /** Every process on the machine (others' work included). */
  machineBusyCores: number;
  greetingMs: Summary;
  responseMs: Summary;
  calls: {
    /** No greeting within the timeout. */
    failed: number;
    /** Answers in the window the agent did not reply to within the timeout. */
    noReply: number;
    agentTurns: number;
    /** Agent turns in the window with a silence inside longer than the script's longest pause. */
    turnsWithGaps: number;
    longestGapMs: number;
    /** Calls with any of the above. */
    degraded: number;
  };
}

export interface CapacityResult {
  date: string;
  /** Which build of ours ran: when apps/agent/dist was built, and a hash of its files. */
  ourBuild: { builtAt: string; sha256: string };
  cores: number;
  cpuMeasure: 'cgroup cpuacct' | '/proc utime+stime';
  windowSeconds: number;
  joinIntervalMs: number;
  idleProcesses: number;
  emulator: { firstResponseMs: number; endOfSpeechMs: number };
  gapThresholdMs: number;
  runs: CapacityRun[];
  /** Per agent: the N where its tree's CPU reaches 80 % of the machine, measured or extrapolated. */
  /** The N at which both agents lost over half their calls; larger N were not run. */
  saturatedAt?: number;
  eightyPercentAt: Record<AgentKind, { n: number; how: 'interpolated' | 'extrapolated' } | undefined>;
}

/** `counts` overrides the session counts of the mode (quick 1, 5, 10; full 1, 5, 10, 20, 25, 40). */
export async function benchCapacity({
  quick,
  counts,
}: {
  quick: boolean;
  counts?: number[];
}): Promise<CapacityResult> {
  if (!existsSync(join(OUR_BUILD, 'main.js')))
    throw new Error(`${OUR_BUILD} is missing: run npm run build -w @rehearse/agent`);
  rmSync(OUR_BUILD_COPY, { recursive: true, force: true });
  cpSync(OUR_BUILD, OUR_BUILD_COPY, { recursive: true, preserveTimestamps: true });
  removeStaleCgroups();
  buildAgent({ entryDir: REFERENCE_DIR, outDir: REFERENCE_BUILD });
  const sessionCounts = counts ?? (quick ? [1, 5, 10] : [1, 5, 10, 20, 25, 40]);
  const windowMs = quick ? 25_000 : 60_000;
  const stopIgnoring = ignoreFreedHandleDrops();
  const setup = await startSurroundings();
  const runs: CapacityRun[] = [];
  let saturatedAt: number | undefined;
  let cpuMeasure: CapacityResult['cpuMeasure'] = 'cgroup cpuacct';
  try {
    for (const [index, n] of sessionCounts.entries()) {
      // Alternate which agent goes first, so drift on the shared machine does not favour one.
      const order: RunKind[] =
        index % 2 === 0 ? ['ours', 'reference', 'none'] : ['reference', 'ours', 'none'];
      for (const kind of order) {
        process.stderr.write(`capacity: ${kind} × ${n}\n`);
        const { run, measure } = await runRound(setup, kind, n, windowMs);
        if (measure !== 'cgroup cpuacct') cpuMeasure = measure;
        runs.push(run);
      }
      // More sessions on a saturated machine only add failures: stop once both agents lost over half their calls.
      const lostMostCalls = (kind: AgentKind) =>
        runs.some((run) => run.agent === kind && run.n === n && run.calls.failed * 2 > n);
      const larger = sessionCounts.slice(index + 1);
      if (larger.length > 0 && lostMostCalls('ours') && lostMostCalls('reference')) {
        saturatedAt = n;
        process.stderr.write(
          `capacity: both agents lost over half their calls at N = ${n}; not running ${larger.join(', ')}\n`,
        );
        break;
      }
    }
  } finally {
    await setup.stop();
    stopIgnoring();
  }
  return {
    date: new Date().toISOString(),
    ourBuild: buildFingerprint(OUR_BUILD_COPY),
    cores: availableParallelism(),
    cpuMeasure,
    windowSeconds: windowMs / 1000,
    joinIntervalMs: JOIN_INTERVAL_MS,
    idleProcesses: IDLE_PROCESSES,
    emulator: { firstResponseMs: 0, endOfSpeechMs: EMULATOR_END_OF_SPEECH_MS },
    gapThresholdMs: setup.gapThresholdMs,
    runs,
    saturatedAt,
    eightyPercentAt: {
      ours: eightyPercent(runs.filter((run) => run.agent === 'ours')),
      reference: eightyPercent(runs.filter((run) => run.agent === 'reference')),
    },
  };
}

/** The result as a markdown table, one row per agent and N, and the 80 % points. */
export function capacitySummaryLines(result: CapacityResult): string[] {
  const lines = [
    `Capacity (${result.cores} cores, ${result.windowSeconds} s window once all sessions are up, CPU by ${result.cpuMeasure}; ` +
      `${result.idleProcesses} idle job processes, a candidate every ${result.joinIntervalMs / 1000} s; emulator first response ${result.emulator.firstResponseMs} ms, ` +
      `response latency includes the end-of-speech silence each agent asks for: ours ${SILENCE_MS_BY_THINKING_TIME[DEFAULT_THINKING_TIME]} ms ` +
      `(the default thinking time), the reference none, so the emulator's ${result.emulator.endOfSpeechMs} ms):`,
    '',
    '| agent | N | cores / session | core-s per session-min | machine % (agent) | PSS / session | greeting p50 / p95 | response p50 / p95 | failed, no reply, gap turns | load gen. cores / cand. | livekit-server cores | emulator cores | database cores | machine busy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const run of result.runs) {
    const tree = run.agentTree;
    const latency = (s: Summary) => (s.n === 0 ? '–' : `${s.p50} / ${s.p95} ms (${s.n})`);
    const cells = [
      run.agent === 'none'
        ? 'none (calibration)'
        : `${run.agent}${tree?.settled === false ? ' (unsettled)' : ''}`,
      run.sessions === run.n ? run.n : `${run.n} (${run.sessions} up)`,
      tree ? tree.coresPerSession : '–',
      tree ? tree.coreSecondsPerSessionMinute : '–',
      tree ? `${tree.machinePercent} %` : '–',
      tree ? `${tree.pssPerSessionMiB} MiB` : '–',
      latency(run.greetingMs),
      latency(run.responseMs),
      run.agent === 'none'
        ? '–'
        : `${run.calls.failed}, ${run.calls.noReply}, ${run.calls.turnsWithGaps}/${run.calls.agentTurns}`,
      run.loadGenerator.coresPerCandidate,
      run.livekitServerCores,
      run.emulatorCores,
      run.databaseCores,
      `${round((100 * run.machineBusyCores) / result.cores)} %`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (result.saturatedAt !== undefined)
    lines.push(
      '',
      `Both agents lost over half their calls at N = ${result.saturatedAt}: larger N were not run.`,
    );
  const calibration = result.runs.filter((run) => run.agent === 'none');
  if (calibration.length >= 2) {
    // Least squares over the calibration runs: the load generator's fixed cost and its cost per candidate.
    const meanN = calibration.reduce((sum, run) => sum + run.n, 0) / calibration.length;
    const meanCores = calibration.reduce((sum, run) => sum + run.loadGenerator.cores, 0) / calibration.length;
    const slope =
      calibration.reduce((sum, run) => sum + (run.n - meanN) * (run.loadGenerator.cores - meanCores), 0) /
      calibration.reduce((sum, run) => sum + (run.n - meanN) ** 2, 0);
    lines.push(
      '',
      `Load generator alone (calibration, no agent): ${round(meanCores - slope * meanN, 3)} cores + ${round(slope, 4)} per candidate.`,
    );
  }
  lines.push('');
  for (const agent of AGENTS) {
    const at = result.eightyPercentAt[agent];
    lines.push(
      at
        ? `${agent}: the agent tree reaches 80 % of the machine at N ≈ ${at.n} (${at.how}).`
        : `${agent}: no 80 % point (no run reached it, and none had all its calls up to extrapolate from).`,
    );
  }
  for (const run of result.runs.filter((r) => r.agent === 'reference')) {
    const ours = result.runs.find((r) => r.agent === 'ours' && r.n === run.n);
    if (ours?.agentTree && run.agentTree && run.agentTree.coresPerSession > 0)
      lines.push(
        `N = ${run.n}: ours ÷ reference CPU per session ×${round(ours.agentTree.coresPerSession / run.agentTree.coresPerSession, 2)}, ` +
          `PSS per session ×${round(ours.agentTree.pssPerSessionMiB / run.agentTree.pssPerSessionMiB, 2)}.`,
      );
  }
  return lines;
}

/** CPU per session and PSS per session against N, both agents. */
export function capacityChartSvg(result: CapacityResult): string {
  const series = (value: (tree: NonNullable<CapacityRun['agentTree']>) => number) =>
    AGENTS.map((agent) => ({
      label: agent,
      points: result.runs.flatMap((run) =>
        run.agent === agent && run.agentTree ? [{ x: run.n, y: value(run.agentTree) }] : [],
      ),
    }));
  return lineChartSvg('Agent capacity: per session, against concurrent sessions', 'concurrent sessions (N)', [
    { yLabel: 'CPU per session (cores)', series: series((tree) => tree.coresPerSession) },
    { yLabel: 'PSS per session (MiB)', series: series((tree) => tree.pssPerSessionMiB) },
  ]);
}

/**
 * rtc-node frees some handles natively (e.g. a track subscribed while its room was being left) and its finalizer
 * then throws "trying to drop an invalid handle" as an uncaught exception when the wrapper is collected: noise, not
 * a failure of the run, among dozens of calls joining and leaving. Anything else still ends the process.
 */
function ignoreFreedHandleDrops(): () => void {
  const handler = (error: Error) => {
    if (String(error).includes('trying to drop an invalid handle')) return;
    process.off('uncaughtException', handler);
    throw error;
  };
  process.on('uncaughtException', handler);
  return () => process.off('uncaughtException', handler);
}

function buildFingerprint(dir: string): CapacityResult['ourBuild'] {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return {
    builtAt: statSync(join(dir, 'main.js')).mtime.toISOString(),
    sha256: hash.digest('hex').slice(0, 12),
  };
}

/**
 * Linear interpolation between the measured Ns, or beyond them from the per-session CPU of the largest N whose
 * calls all came up.
 */
function eightyPercent(runs: CapacityRun[]): CapacityResult['eightyPercentAt'][AgentKind] {
  const points = runs
    .flatMap((run) =>
      run.agentTree
        ? [
            {
              n: run.n,
              percent: run.agentTree.machinePercent,
              tree: run.agentTree,
              healthy: run.sessions === run.n,
            },
          ]
        : [],
    )
    .sort((a, b) => a.n - b.n);
  const last = points.filter((point) => point.healthy).at(-1);
  for (const [index, point] of points.entries()) {
    if (point.percent < 80) continue;
    const previous = points[index - 1] ?? { n: 0, percent: 0 };
    const n =
      previous.n + ((80 - previous.percent) * (point.n - previous.n)) / (point.percent - previous.percent);
    return { n: round(n), how: 'interpolated' };
  }
  if (!last || last.tree.coresPerSession <= 0) return undefined;
  return { n: round((0.8 * availableParallelism()) / last.tree.coresPerSession), how: 'extrapolated' };
}

// ---------------------------------------------------------------------------------------------------------------
// The surroundings: the test stack's database and livekit-server, and the Gemini Live emulator, shared by every round.

interface Surroundings {
  stack: Stack;
  emulator: RunningService;
  emulatorBaseUrl: string;
  answers: Int16Array[];
  /** How long the agent's lines last, for the calibration run's listening. */
  greetingMs: number;
  replyMs: number;
  gapThresholdMs: number;
  stop(): Promise<void>;
}

async function startSurroundings(): Promise<Surroundings> {
  const stack = await startStack({ agentName: agentName('ours') });
  let emulator: RunningService | undefined;
  const stop = async () => {
    await emulator?.stop().catch(() => {});
    await stack.stop();
  };
  try {
    // Its own process, so its CPU is neither the agent's nor the load generator's.
    const gemini = await startGeminiEmulatorProcess({
      port: await freePort(),
      scenario: SCENARIO_FILE,
      firstResponseMs: 0,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' },
      log: () => {},
    });
    emulator = gemini;
    const toSamples = (pcm: Buffer) => new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2).slice();
    // Only the voice: an answer ends with its last audible sound (the microphone sends silence after it).
    const answers = await Promise.all(
      ANSWERS.map(async (text) =>
        audibleSpan(toSamples(await synthesizeSpeech(text, { sampleRate: SAMPLE_RATE }))),
      ),
    );
    // The agent's lines as the emulator speaks them (Puck is its male voice): their length, and their longest
    // natural pause, beyond which a silence inside an agent turn is a gap.
    const scenario = loadScenarioFile(SCENARIO_FILE);
    const line = async (steps: typeof scenario.fallback.steps) => {
      const text = steps.flatMap((step) => ('say' in step ? [step.say] : [])).join(' ');
      return toSamples(await synthesizeSpeech(text, { sampleRate: SAMPLE_RATE, voice: 'en-us+m3' }));
    };
    const greeting = await line(scenario.turns[0]?.steps ?? []);
    const reply = await line(scenario.fallback.steps);
    return {
      stack,
      emulator: gemini,
      emulatorBaseUrl: (gemini.readyValue ?? '').replace(/^ws/, 'http'),
      answers,
      greetingMs: (greeting.length / SAMPLE_RATE) * 1000,
      replyMs: (reply.length / SAMPLE_RATE) * 1000,
      gapThresholdMs: Math.max(longestPauseMs(greeting), longestPauseMs(reply)) + 200,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `samples` from their first audible 10 ms frame to the end of their last. */
function audibleSpan(samples: Int16Array): Int16Array {
  const frame = SAMPLE_RATE / 100;
  const audible = (index: number) =>
    meanLevel(samples.subarray(index * frame, (index + 1) * frame)) > AUDIBLE_LEVEL;
  const frames = Math.floor(samples.length / frame);
  let first = 0;
  while (first < frames && !audible(first)) first++;
  let last = frames - 1;
  while (last > first && !audible(last)) last--;
  return samples.subarray(first * frame, (last + 1) * frame);
}

/** The longest run of inaudible 10 ms frames between audible ones. */
function longestPauseMs(samples: Int16Array): number {
  const frame = SAMPLE_RATE / 100;
  let longest = 0;
  let run = 0;
  let heard = false;
  for (let offset = 0; offset + frame <= samples.length; offset += frame) {
    if (meanLevel(samples.subarray(offset, offset + frame)) > AUDIBLE_LEVEL) {
      if (heard) longest = Math.max(longest, run);
      heard = true;
      run = 0;
    } else run += 10;
  }
  return longest;
}

function meanLevel(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += Math.abs(sample);
  return sum / Math.max(1, samples.length);
}

// ---------------------------------------------------------------------------------------------------------------
// One round: an agent (or none) with N candidates.

interface RoundContext {
  setup: Surroundings;
  kind: RunKind;
  /** Calls whose greeting was heard. */
  greeted: number;
  /** Aborted when the round ends: every call stops waiting and ends. */
  stop: AbortSignal;
}

async function runRound(
  setup: Surroundings,
  kind: RunKind,
  n: number,
  windowMs: number,
): Promise<{ run: CapacityRun; measure: CapacityResult['cpuMeasure'] }> {
  const agent = kind === 'none' ? undefined : await startAgent(setup, kind, n);
  const tree = agent ? meterTree(agent.agent.pid, `${kind}-${n}`) : undefined;
  const stopRound = new AbortController();
  const context: RoundContext = { setup, kind, greeted: 0, stop: stopRound.signal };
  const outcomes: Array<Promise<CandidateOutcome>> = [];
  try {
    let idlePssKiB = 0;
    let settled = true;
    if (tree) {
      if (!(await waitForProcesses(tree, 1 + IDLE_PROCESSES, 60_000)))
        throw new Error(`the ${kind} agent did not start its ${IDLE_PROCESSES} idle processes`);
      await sleep(3_000); // the last idle process finishes loading
      idlePssKiB = processesPssKiB(tree.pids());
    }
    const greeted: Array<Promise<unknown>> = [];
    for (let i = 0; i < n; i++) {
      const candidate = converse(context, i);
      greeted.push(candidate.greeted);
      outcomes.push(candidate.outcome);
      await sleep(JOIN_INTERVAL_MS);
    }
    await Promise.all(greeted);
    if (tree) {
      // agents-js replaces every idle process a job took: wait for those, so the window holds no process start.
      settled = await waitForProcesses(tree, 1 + context.greeted + IDLE_PROCESSES, 60_000);
      tree.adopt();
    }
    await sleep(3_000);

    const started = snapshot(setup, tree);
    const windowStart = performance.now();
    const pssSamples: number[] = [];
    let samplingCpu = 0;
    for (let i = 1; i <= PSS_SAMPLES; i++) {
      await sleep(windowStart + (i * windowMs) / (PSS_SAMPLES + 1) - performance.now());
      if (!tree) continue;
      const before = process.cpuUsage();
      pssSamples.push(processesPssKiB(tree.pids()));
      samplingCpu += cpuSecondsSince(before);
    }
    await sleep(windowStart + windowMs - performance.now());
    const ended = snapshot(setup, tree);
    const windowEnd = performance.now();
    const processes = tree?.pids().length ?? 0;

    stopRound.abort();
    const results = await Promise.all(outcomes);
    // Both log as in production (info, JSON); the bench keeps only what went wrong.
    const errorLines = agent?.agentLog.filter((line) => /"level":(50|60)/.test(line)) ?? [];
    const sessions =
      kind === 'none'
        ? n
        : results.filter((result) => result.greetingMs !== undefined && result.failed === undefined).length;
    const perSession = (value: number) => value / Math.max(1, sessions);
    const seconds = (windowEnd - windowStart) / 1000;
    const cores = (from: number, to: number) => round((to - from) / seconds, 3);
    const inWindow = (at: number) => at >= windowStart && at <= windowEnd;
    const turns = results.flatMap((result) => result.turns.filter((turn) => inWindow(turn.startedAt)));
    const agentCores = tree ? cores(started.tree, ended.tree) : 0;
    const windowPssKiB = pssSamples.reduce((sum, value) => sum + value, 0) / Math.max(1, pssSamples.length);
    const loadCores = round((ended.bench - started.bench - samplingCpu) / seconds, 3);
    const run: CapacityRun = {
      agent: kind,
      n,
      sessions,
      windowSeconds: round(seconds),
      agentTree:
        tree && agent
          ? {
              coresUsed: agentCores,
              coresPerSession: round(perSession(agentCores), 4),
              coreSecondsPerSessionMinute: round(perSession(agentCores) * 60, 2),
              machinePercent: round((100 * agentCores) / availableParallelism()),
              processes,
              settled,
              idlePssMiB: round(idlePssKiB / 1024),
              windowPssMiB: round(windowPssKiB / 1024),
              pssPerSessionMiB: round(perSession(windowPssKiB - idlePssKiB) / 1024),
              errorLines: errorLines.length,
              firstErrors: errorLines.slice(0, 3).map((line) => line.slice(0, 300)),
            }
          : undefined,
      loadGenerator: { cores: loadCores, coresPerCandidate: round(perSession(loadCores), 4) },
      livekitServerCores: cores(started.livekit, ended.livekit),
      emulatorCores: cores(started.emulator, ended.emulator),
      databaseCores: cores(started.database, ended.database),
      machineBusyCores: cores(started.machine, ended.machine),
      greetingMs: summarize(results.flatMap((result) => result.greetingMs ?? [])),
      responseMs: summarize(
        results.flatMap((result) =>
          result.responses.filter((response) => inWindow(response.endedAt)).map((r) => r.latencyMs),
        ),
      ),
      calls: {
        failed: results.filter((result) => result.failed).length,
        noReply: results.reduce((sum, result) => sum + result.noReplyAt.filter(inWindow).length, 0),
        agentTurns: turns.length,
        turnsWithGaps: turns.filter((turn) => turn.gaps > 0).length,
        longestGapMs: Math.max(0, ...turns.map((turn) => turn.longestGapMs)),
        degraded: results.filter(
          (result) =>
            result.failed ||
            result.noReplyAt.some(inWindow) ||
            result.turns.some((turn) => inWindow(turn.startedAt) && turn.gaps > 0),
        ).length,
      },
    };
    return { run, measure: tree?.method ?? 'cgroup cpuacct' };
  } finally {
    stopRound.abort();
    await Promise.allSettled(outcomes);
    await closeAllRooms(setup.stack.livekit).catch(() => {});
    await agent?.stop();
    tree?.close();
  }
}

/** The cgroups of a bench that was killed (empty once its agents are gone). */
function removeStaleCgroups(): void {
  for (const entry of existsSync(CGROUP_CPUACCT) ? readdirSync(CGROUP_CPUACCT) : []) {
    const owner = /^rehearse-bench-(\d+)-/.exec(entry)?.[1];
    if (!owner || existsSync(`/proc/${owner}`)) continue;
    try {
      rmdirSync(join(CGROUP_CPUACCT, entry));
    } catch {
      // a process of it still runs: left alone
    }
  }
}

function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** Cumulative CPU seconds of everything measured, at one instant. */
function snapshot(setup: Surroundings, tree: TreeMeter | undefined) {
  const bench = process.cpuUsage();
  return {
    tree: tree?.cpuSeconds() ?? 0,
    bench: (bench.user + bench.system) / 1e6,
    livekit: processGroupCpuSeconds(setup.stack.livekit.pid),
    emulator: processGroupCpuSeconds(setup.emulator.pid),
    database: processGroupCpuSeconds(setup.stack.databaseProcess.pid),
    machine: machineBusySeconds(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The agents.

/** Either agent as production runs ours: `node <build>/main.js start`, ready on health, with the agent's defaults. */
function startAgent(setup: Surroundings, kind: AgentKind, n: number): Promise<AgentWorker> {
  return startAgentWorker({
    name: `${kind}-agent`,
    livekitUrl: setup.stack.livekit.url,
    databaseUrl: kind === 'ours' ? setup.stack.databaseUrl : undefined,
    agentName: agentName(kind),
    geminiBaseUrl: setup.emulatorBaseUrl,
    buildDir: kind === 'ours' ? OUR_BUILD_COPY : REFERENCE_BUILD,
    env: {
      NUM_IDLE_PROCESSES: String(IDLE_PROCESSES),
      // The reference reports running ÷ this as its load and livekit-server offers no job at or above its target
      // load (0.7): 2N leaves both agents room for all N.
      AGENT_MAX_CONCURRENT_JOBS: String(2 * n),
    },
  });
}

const agentName = (kind: AgentKind) => (kind === 'ours' ? 'noah-capacity-bench' : 'reference-capacity-bench');

// ---------------------------------------------------------------------------------------------------------------
// CPU and memory of a process tree.

interface TreeMeter {
  method: CapacityResult['cpuMeasure'];
  pids(): string[];
  /** Cumulative CPU seconds of the tree. */
  cpuSeconds(): number;
  /** Brings processes of the group that are not measured yet into the measure (the cgroup). */
  adopt(): void;
  close(): void;
}

/**
 * A cpuacct cgroup holding the worker and everything it forks (children inherit it): its usage counts every
 * process that ran in it, including ones that exited. Without one (no cgroup v1, not root), utime+stime of the
 * group's live processes plus what the worker reaped from its children.
 */
function meterTree(pid: number, label: string): TreeMeter {
  const dir = join(CGROUP_CPUACCT, `rehearse-bench-${process.pid}-${label}`);
  try {
    mkdirSync(dir);
    const adopt = () => {
      for (const member of processGroupMembers(pid)) {
        try {
          writeFileSync(join(dir, 'cgroup.procs'), member);
        } catch {
          // it exited meanwhile
        }
      }
    };
    adopt();
    const pids = () => readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
    return {
      method: 'cgroup cpuacct',
      pids,
      cpuSeconds: () => Number(readFileSync(join(dir, 'cpuacct.usage'), 'utf8')) / 1e9,
      adopt,
      close() {
        for (const member of pids()) {
          try {
            writeFileSync(join(CGROUP_CPUACCT, 'cgroup.procs'), member);
          } catch {
            // it exited meanwhile
          }
        }
        rmdirSync(dir);
      },
    };
  } catch {
    return {
      method: '/proc utime+stime',
      pids: () => processGroupMembers(pid),
      cpuSeconds: () => processGroupCpuSeconds(pid) + reapedChildrenCpuSeconds(pid),
      adopt: () => {},
      close: () => {},
    };
  }
}

/** Whether the tree has `count` processes within `timeoutMs`. */
async function waitForProcesses(tree: TreeMeter, count: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    tree.adopt();
    if (tree.pids().length >= count) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A simulated candidate.

interface AgentTurn {
  startedAt: number;
  gaps: number;
  longestGapMs: number;
}

interface CandidateOutcome {
  greetingMs?: number;
  failed?: string;
  responses: Array<{ endedAt: number; latencyMs: number }>;
  noReplyAt: number[];
  turns: AgentTurn[];
}

/**
 * One candidate's call, as a browser makes it (an open microphone, the agent's streams read): join, hear the
 * greeting out, then answer, hear the reply out, and again until the round stops. Against no agent (calibration)
 * the same in time: the agent's lines are waited out instead of heard.
 */
function converse(context: RoundContext, index: number) {
  let greeted: () => void = () => {};
  const greetedPromise = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const outcome = (async (): Promise<CandidateOutcome> => {
    const result: CandidateOutcome = { responses: [], noReplyAt: [], turns: [] };
    const { setup, kind, stop } = context;
    let candidate: RtcParticipant | undefined;
    /** When each agent turn was due: the call's start, then the end of each answer. */
    const turnsDue: number[] = [];
    try {
      const identity = `capacity-${kind}-${index}-${Date.now()}`;
      const roomName = `capacity-${identity}`;
      let interviewId: string | undefined;
      if (kind === 'ours') {
        await setup.stack.db.users.upsert({
          uid: identity,
          email: `${identity}@example.com`,
          displayName: 'Alex',
        });
        interviewId = (
          await setup.stack.db.interviews.create({ userId: identity, roomName, phase: 'profile' })
        ).id;
      }
      const token =
        kind === 'none'
          ? await joinToken(roomName, identity)
          : await dispatchingToken(identity, roomName, 'Alex', interviewId, { agentName: agentName(kind) });
      candidate = await RtcParticipant.join(setup.stack.livekit.url, token);
      await candidate.publishMicrophone({ open: true, queueMs: MIC_QUEUE_MS });
      const connectedAt = performance.now();
      if (kind === 'none') {
        greeted();
        await sleep(setup.greetingMs);
      } else {
        turnsDue.push(connectedAt);
        const heard = await candidate.waitForSoundAfter(connectedAt, GREETING_TIMEOUT_MS, stop);
        if (heard === undefined) {
          result.failed = 'no greeting';
          return result;
        }
        result.greetingMs = heard - connectedAt;
        context.greeted++;
        greeted();
        await candidate.waitForAgentTurns(1, TURN_END_TIMEOUT_MS, stop).catch(() => {});
      }
      for (let answer = 0; !stop.aborted; answer++) {
        await sleep(THINK_MS);
        const endedAt = await candidate.speak(
          setup.answers[answer % setup.answers.length] ?? new Int16Array(),
        );
        if (kind === 'none') {
          await sleep(EMULATOR_END_OF_SPEECH_MS + setup.replyMs);
          continue;
        }
        turnsDue.push(endedAt);
        const turnsBefore = candidate.agentTurnsSpoken;
        const heard = await candidate.waitForSoundAfter(endedAt, REPLY_TIMEOUT_MS, stop);
        if (stop.aborted) break;
        if (heard === undefined) {
          result.noReplyAt.push(endedAt);
          continue;
        }
        result.responses.push({ endedAt, latencyMs: heard - endedAt });
        // A turn that does not end in time shows in the gap and reply figures; the call goes on.
        await candidate.waitForAgentTurns(turnsBefore + 1, TURN_END_TIMEOUT_MS, stop).catch(() => {});
      }
      return result;
    } catch (error) {
      result.failed ??= String(error);
      return result;
    } finally {
      greeted();
      if (candidate) {
        result.turns = agentTurns(candidate, turnsDue, setup.gapThresholdMs);
        await candidate.leave().catch(() => {});
      }
    }
  })();
  return { greeted: greetedPromise, outcome };
}

/**
 * The agent's turns as the candidate heard them: each starts with the first sound after it was due (before the next
 * was due) and lasts until the agent went back to listening or the next turn started; a silence inside one longer
 * than the script's longest pause is a gap.
 */
function agentTurns(candidate: RtcParticipant, turnsDue: number[], gapThresholdMs: number): AgentTurn[] {
  const starts = turnsDue.map((dueAt, i) => {
    const startedAt = candidate.firstSoundAfter(dueAt);
    return startedAt !== undefined && startedAt <= (turnsDue[i + 1] ?? Number.POSITIVE_INFINITY)
      ? startedAt
      : undefined;
  });
  return starts.flatMap((startedAt, i) => {
    if (startedAt === undefined) return [];
    const nextStart = starts.slice(i + 1).find((at) => at !== undefined) ?? Number.POSITIVE_INFINITY;
    const endedAt = Math.min(candidate.agentTurnEndedAfter(startedAt) ?? Number.POSITIVE_INFINITY, nextStart);
    const gaps = candidate.silencesHeard(startedAt, endedAt).filter((silence) => silence > gapThresholdMs);
    return [{ startedAt, gaps: gaps.length, longestGapMs: Math.max(0, ...gaps) }];
  });
}
