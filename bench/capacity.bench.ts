import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoomAgentDispatch, RoomConfiguration } from '@livekit/protocol';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  dispose,
  LocalAudioTrack,
  ParticipantKind,
  type RemoteParticipant,
  type RemoteTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { createDatabase, type Database, migrate } from '@rehearse/db';
import { loadScenarioFile } from '@rehearse/gemini-live-emulator';
import {
  freePort,
  nodeBin,
  type RunningService,
  repoRoot,
  startEmbeddedDatabaseProcess,
  startService,
} from '@rehearse/local-stack';
import { synthesizeSpeech } from '@rehearse/speech';
import { dispatchMetadata } from '@rehearse/test-stack/agent-stack';
import { closeAllRooms, startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { processGroupMembers } from '@rehearse/test-stack/process-group';
import { AccessToken } from 'livekit-server-sdk';
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
const MIC_FRAME_SAMPLES = 960; // 20 ms, a browser's Opus frame
/** The microphone's queue in the native source: an answer's end is known to within this. */
const MIC_QUEUE_MS = 100;
/** A received 10 ms frame is audible above this mean absolute sample (as the e2e participant). */
const AUDIBLE_LEVEL = 200;
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
/** The emulator's end-of-speech silence (live-session.ts), inside every response latency. */
const EMULATOR_END_OF_SPEECH_MS = 800;
const ANSWERS = [
  'I led a payments migration that moved two million accounts without downtime, and it halved our failed transactions.',
  'The hardest part was the data backfill. We ran both systems side by side for a month and compared every result.',
  'I wrote the rollback plan first, then practised it twice with the team, so nobody was afraid to ship.',
];
const SCENARIO_FILE = join(import.meta.dirname, 'scenarios/capacity-loop.json');
const REFERENCE_DIR = join(import.meta.dirname, 'reference-agent');
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
  execFileSync(process.execPath, [join(REFERENCE_DIR, 'build.mjs')], { stdio: 'inherit' });
  const sessionCounts = counts ?? (quick ? [1, 5, 10] : [1, 5, 10, 20, 25, 40]);
  const windowMs = quick ? 25_000 : 60_000;
  const stopIgnoring = ignoreFreedHandleDrops();
  const setup = await startSurroundings();
  const runs: CapacityRun[] = [];
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
    }
  } finally {
    await dispose();
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
      `response latency includes its ${result.emulator.endOfSpeechMs} ms end-of-speech silence):`,
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
// The surroundings: database, livekit-server and the Gemini Live emulator, shared by every round.

interface Surroundings {
  livekit: Awaited<ReturnType<typeof startTestLivekit>>;
  db: Database;
  databaseUrl: string;
  emulator: RunningService;
  database: RunningService;
  emulatorBaseUrl: string;
  answers: Int16Array[];
  /** How long the agent's lines last, for the calibration run's listening. */
  greetingMs: number;
  replyMs: number;
  gapThresholdMs: number;
  stop(): Promise<void>;
}

async function startSurroundings(): Promise<Surroundings> {
  const quiet = () => {};
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-bench-capacity-'));
  const started: Array<() => Promise<unknown>> = [
    async () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const stopOne of started.reverse()) await stopOne().catch(() => {});
  };
  try {
    const dbProcess = await startEmbeddedDatabaseProcess({ dataDir, port: await freePort(), log: quiet });
    started.push(dbProcess.stop);
    const databaseUrl = dbProcess.readyValue ?? '';
    const db = createDatabase({ url: databaseUrl, queryTimeoutMs: 5_000 });
    started.push(() => db.close());
    await migrate(db.pool);
    const livekit = await startTestLivekit();
    started.push(livekit.stop, () => closeAllRooms(livekit));
    // Its own process, so its CPU is neither the agent's nor the load generator's.
    const emulator = await startService({
      name: 'gemini',
      command: nodeBin('tsx'),
      args: [
        join(repoRoot, 'packages/gemini-live-emulator/src/cli.ts'),
        '--port',
        String(await freePort()),
        '--scenario',
        SCENARIO_FILE,
        '--first-response-ms',
        '0',
      ],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' },
      readyLine: /^ready (ws:\/\/\S+)$/,
      log: quiet,
    });
    started.push(emulator.stop);
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
      livekit,
      db,
      databaseUrl,
      emulator,
      database: dbProcess,
      emulatorBaseUrl: (emulator.readyValue ?? '').replace(/^ws/, 'http'),
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
  stopping: boolean;
}

async function runRound(
  setup: Surroundings,
  kind: RunKind,
  n: number,
  windowMs: number,
): Promise<{ run: CapacityRun; measure: CapacityResult['cpuMeasure'] }> {
  const agent = kind === 'none' ? undefined : await startAgent(setup, kind, n);
  const tree = agent ? meterTree(agent.service.pid, `${kind}-${n}`) : undefined;
  const context: RoundContext = { setup, kind, greeted: 0, stopping: false };
  const outcomes: Array<Promise<CandidateOutcome>> = [];
  try {
    let idlePssKiB = 0;
    let settled = true;
    if (tree) {
      if (!(await waitForProcesses(tree, 1 + IDLE_PROCESSES, 60_000)))
        throw new Error(`the ${kind} agent did not start its ${IDLE_PROCESSES} idle processes`);
      await sleep(3_000); // the last idle process finishes loading
      idlePssKiB = pssKiB(tree.pids());
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
      pssSamples.push(pssKiB(tree.pids()));
      samplingCpu += cpuSecondsSince(before);
    }
    await sleep(windowStart + windowMs - performance.now());
    const ended = snapshot(setup, tree);
    const windowEnd = performance.now();
    const processes = tree?.pids().length ?? 0;

    context.stopping = true;
    const results = await Promise.all(outcomes);
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
              errorLines: agent.errors.count,
              firstErrors: [...agent.errors.first],
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
    context.stopping = true;
    await Promise.allSettled(outcomes);
    await closeAllRooms(setup.livekit).catch(() => {});
    await agent?.service.stop();
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
    livekit: groupCpuSeconds(setup.livekit.pid),
    emulator: groupCpuSeconds(setup.emulator.pid),
    database: groupCpuSeconds(setup.database.pid),
    machine: machineBusySeconds(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The agents.

async function startAgent(setup: Surroundings, kind: AgentKind, n: number) {
  const healthPort = await freePort();
  const errors = { count: 0, first: [] as string[] };
  // Both log as in production (info, JSON); the bench keeps only what went wrong.
  const log = (_service: string, line: string) => {
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${kind}] ${line}\n`);
    if (!/"level":(50|60)/.test(line)) return;
    errors.count++;
    if (errors.first.length < 3) errors.first.push(line.slice(0, 300));
  };
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LIVEKIT_URL: setup.livekit.url,
    LIVEKIT_API_KEY: TEST_API_KEY,
    LIVEKIT_API_SECRET: TEST_API_SECRET,
    AGENT_NAME: agentName(kind),
    GOOGLE_API_KEY: 'bench-key',
    GEMINI_LIVE_BASE_URL: setup.emulatorBaseUrl,
    PORT: String(healthPort),
    NUM_IDLE_PROCESSES: String(IDLE_PROCESSES),
    // The reported load is running jobs ÷ this, and livekit-server 1.13 dispatches only below 0.7 (its target_load).
    AGENT_MAX_CONCURRENT_JOBS: String(2 * n),
    LOG_LEVEL: 'info',
  };
  // Both as production runs ours (local-stack's startAgentProcess): `node dist/main.js start`, ready on health.
  const service = await startService({
    name: `${kind}-agent`,
    command: process.execPath,
    args: [kind === 'ours' ? join(OUR_BUILD_COPY, 'main.js') : join(REFERENCE_DIR, 'dist/main.js'), 'start'],
    env:
      kind === 'ours'
        ? { ...env, DATABASE_URL: setup.databaseUrl, METRICS_PORT: String(await freePort()) }
        : env,
    readyUrl: `http://127.0.0.1:${healthPort}/`,
    readyTimeoutMs: 90_000,
    stopGraceMs: 15_000,
    log,
  });
  return { service, errors };
}

const agentName = (kind: AgentKind) => (kind === 'ours' ? 'noah-capacity-bench' : 'reference-capacity-bench');

/** A join token as the web app mints it, dispatching `agent` (with our dispatch metadata for ours). */
async function joinToken(
  kind: RunKind,
  identity: string,
  roomName: string,
  metadata: string | undefined,
): Promise<string> {
  const token = new AccessToken(TEST_API_KEY, TEST_API_SECRET, { identity, name: 'Alex', ttl: '1h' });
  token.addGrant({
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: false,
  });
  if (kind !== 'none')
    token.roomConfig = new RoomConfiguration({
      agents: [new RoomAgentDispatch({ agentName: agentName(kind), metadata })],
    });
  return token.toJwt();
}

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
      cpuSeconds: () => {
        const reaped = procStat(String(pid));
        return groupCpuSeconds(pid) + ((reaped?.[13] ?? 0) + (reaped?.[14] ?? 0)) / USER_HZ;
      },
      adopt: () => {},
      close: () => {},
    };
  }
}

const USER_HZ = 100;

/** The numeric fields of /proc/PID/stat after the command name (index 11, 12: utime, stime; 13, 14: cutime, cstime). */
function procStat(pid: string): number[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return undefined;
  }
}

function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of processGroupMembers(pgid)) {
    const fields = procStat(pid);
    ticks += (fields?.[11] ?? 0) + (fields?.[12] ?? 0);
  }
  return ticks / USER_HZ;
}

/** CPU seconds the whole machine has spent busy (all but idle and iowait), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / USER_HZ;
}

/** PSS (shared pages split between the processes mapping them), summed: memory that adds up over a tree. */
function pssKiB(pids: string[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // it exited meanwhile
    }
  }
  return total;
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
 * One candidate's call: join, hear the greeting out, then answer, hear the reply out, and again until the round
 * stops. Against no agent (calibration) the same in time: the agent's lines are waited out instead of heard.
 */
function converse(context: RoundContext, index: number) {
  let greeted: () => void = () => {};
  const greetedPromise = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const outcome = (async (): Promise<CandidateOutcome> => {
    const result: CandidateOutcome = { responses: [], noReplyAt: [], turns: [] };
    const { setup, kind } = context;
    const candidate = new SimulatedCandidate(setup.gapThresholdMs, result.turns);
    try {
      const identity = `capacity-${kind}-${index}-${Date.now()}`;
      const roomName = `capacity-${identity}`;
      let metadata: string | undefined;
      if (kind === 'ours') {
        await setup.db.users.upsert({ uid: identity, email: `${identity}@example.com`, displayName: 'Alex' });
        const interview = await setup.db.interviews.create({ userId: identity, roomName, phase: 'profile' });
        metadata = dispatchMetadata(interview.id, identity);
      }
      await candidate.join(setup.livekit.url, await joinToken(kind, identity, roomName, metadata));
      const connectedAt = performance.now();
      if (kind === 'none') {
        greeted();
        await sleep(setup.greetingMs);
      } else {
        const heard = await candidate.nextAudible(connectedAt, GREETING_TIMEOUT_MS, context);
        if (heard === undefined) {
          result.failed = 'no greeting';
          return result;
        }
        result.greetingMs = heard - connectedAt;
        context.greeted++;
        greeted();
        await candidate.turnEnded(1, TURN_END_TIMEOUT_MS, context);
      }
      for (let answer = 0; !context.stopping; answer++) {
        await sleep(THINK_MS);
        const endedAt = await candidate.say(setup.answers[answer % setup.answers.length] ?? new Int16Array());
        if (kind === 'none') {
          await sleep(EMULATOR_END_OF_SPEECH_MS + setup.replyMs);
          continue;
        }
        const turnsBefore = candidate.agentTurnsEnded;
        const heard = await candidate.nextAudible(endedAt, REPLY_TIMEOUT_MS, context);
        if (context.stopping) break;
        if (heard === undefined) {
          result.noReplyAt.push(endedAt);
          continue;
        }
        result.responses.push({ endedAt, latencyMs: heard - endedAt });
        await candidate.turnEnded(turnsBefore + 1, TURN_END_TIMEOUT_MS, context);
      }
      return result;
    } catch (error) {
      result.failed ??= String(error);
      return result;
    } finally {
      greeted();
      await candidate.leave();
    }
  })();
  return { greeted: greetedPromise, outcome };
}

/**
 * A participant on @livekit/rtc-node whose microphone sends all the time, as a browser's does (silence between
 * answers), and who listens to the agent: when its audio starts, and silences inside its turns.
 */
class SimulatedCandidate {
  readonly #room = new Room();
  readonly #source = new AudioSource(SAMPLE_RATE, 1, MIC_QUEUE_MS);
  #answer: { samples: Int16Array; offset: number; done: (playedOutAt: number) => void } | undefined;
  #closed = false;
  #mark = 0;
  #firstAudibleAfterMark: number | undefined;
  #agentState: string | undefined;
  agentTurnsEnded = 0;
  #turn: AgentTurn | undefined;
  #silentMs = 0;

  constructor(
    private readonly gapThresholdMs: number,
    private readonly turns: AgentTurn[],
  ) {}

  async join(url: string, token: string): Promise<void> {
    this.#room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
      if (participant.kind === ParticipantKind.AGENT && !this.#closed) void this.#listen(track);
    });
    // What a browser client takes in besides audio: the agent's transcriptions and session events.
    this.#room.registerTextStreamHandler(
      'lk.transcription',
      (reader) => void reader.readAll().catch(() => {}),
    );
    this.#room.registerByteStreamHandler(
      'lk.agent.session',
      (reader) => void reader.readAll().catch(() => {}),
    );
    this.#room.on(RoomEvent.ParticipantAttributesChanged, (_changed, participant) => {
      if (participant.kind === ParticipantKind.AGENT) this.#onAgentState(participant as RemoteParticipant);
    });
    await this.#room.connect(url, token, { autoSubscribe: true, dynacast: false });
    const track = LocalAudioTrack.createAudioTrack('microphone', this.#source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await this.#room.localParticipant?.publishTrack(track, options);
    void this.#microphone();
  }

  /** Speaks `samples`; resolves when their last sample has played out of the microphone's queue. */
  say(samples: Int16Array): Promise<number> {
    return new Promise((done) => {
      this.#answer = { samples, offset: 0, done };
    });
  }

  /** The first audible agent frame after `since`, or undefined after `timeoutMs` or when the round stops. */
  async nextAudible(since: number, timeoutMs: number, context: RoundContext): Promise<number | undefined> {
    if (this.#mark !== since) {
      this.#mark = since;
      this.#firstAudibleAfterMark = undefined;
    }
    const deadline = performance.now() + timeoutMs;
    while (this.#firstAudibleAfterMark === undefined && performance.now() < deadline && !context.stopping)
      await sleep(20);
    return this.#firstAudibleAfterMark;
  }

  async turnEnded(turns: number, timeoutMs: number, context: RoundContext): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.agentTurnsEnded < turns && performance.now() < deadline && !context.stopping) await sleep(50);
  }

  async leave(): Promise<void> {
    this.#closed = true;
    await this.#room.disconnect().catch(() => {});
  }

  async #microphone(): Promise<void> {
    const silence = new Int16Array(MIC_FRAME_SAMPLES);
    while (!this.#closed) {
      const answer = this.#answer;
      let frame = silence;
      if (answer) {
        frame = new Int16Array(MIC_FRAME_SAMPLES);
        frame.set(answer.samples.subarray(answer.offset, answer.offset + MIC_FRAME_SAMPLES));
        answer.offset += MIC_FRAME_SAMPLES;
      }
      try {
        // Resolves once the native queue has room: the loop runs in real time.
        await this.#source.captureFrame(new AudioFrame(frame, SAMPLE_RATE, 1, MIC_FRAME_SAMPLES));
      } catch {
        return; // closed
      }
      if (answer && answer.offset >= answer.samples.length) {
        this.#answer = undefined;
        answer.done(performance.now() + this.#source.queuedDuration);
      }
    }
  }

  #onAgentState(participant: RemoteParticipant): void {
    const state = participant.attributes['lk.agent.state'];
    if (state === undefined) return;
    if (this.#agentState === 'speaking' && state === 'listening') {
      this.agentTurnsEnded++;
      this.#turn = undefined;
    }
    this.#agentState = state;
  }

  async #listen(track: RemoteTrack): Promise<void> {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    for await (const frame of new AudioStream(track, SAMPLE_RATE, 1)) {
      const frameMs = (frame.samplesPerChannel / frame.sampleRate) * 1000;
      if (meanLevel(frame.data) <= AUDIBLE_LEVEL) {
        this.#silentMs += frameMs;
        continue;
      }
      const now = performance.now();
      if (now > this.#mark && this.#firstAudibleAfterMark === undefined) {
        this.#firstAudibleAfterMark = now;
        this.#turn = { startedAt: now, gaps: 0, longestGapMs: 0 };
        this.turns.push(this.#turn);
      } else if (this.#turn && this.#silentMs > this.gapThresholdMs) {
        this.#turn.gaps++;
        this.#turn.longestGapMs = Math.max(this.#turn.longestGapMs, this.#silentMs);
      }
      this.#silentMs = 0;
    }
  }
}
