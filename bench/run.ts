/**
 * `npm run bench`: measures the numbers the project cares about against the real local components and
 * writes bench/results/latest.{json,md,svg}. Run inside the test network namespace (see package.json).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { buildAgent } from '@rehearse/local-stack';
import { benchAgentStart } from './agent-start.bench.ts';
import { benchBundle } from './bundle.bench.ts';
import { benchCapacity, capacityChartSvg, capacitySummaryLines } from './capacity.bench.ts';
import { barChartSvg, histogramSvg } from './chart.ts';
import { benchDatabase } from './database.bench.ts';
import { benchGreeting, greetingSummaryLines } from './greeting.bench.ts';
import { benchSpeech } from './speech.bench.ts';
import { benchStartInterview, startInterviewSummaryLines } from './start-interview.bench.ts';

const resultsDir = join(import.meta.dirname, 'results');
const args = process.argv.slice(2);
/** `npm run bench -- --quick`: fewer samples and smaller loads, a few minutes in all. */
const quick = args.includes('--quick');
const only = args.filter((arg) => arg !== '--quick');
const wanted = (name: string) => only.length === 0 || only.includes(name);

// A partial run (`npm run bench -- greeting`) updates its own part of the last results.
const latestFile = join(resultsDir, 'latest.json');
const previous =
  only.length > 0 && existsSync(latestFile) ? JSON.parse(readFileSync(latestFile, 'utf8')) : {};
const results: Record<string, unknown> = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
  mode: quick ? 'quick' : 'full',
};
mkdirSync(resultsDir, { recursive: true });
/** Each part's result is written as soon as it is measured: a later part that fails loses only itself. */
async function measure(name: string, key: string, run: () => Promise<unknown>) {
  if (!wanted(name)) return;
  results[key] = await run();
  writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`);
}
await measure('database', 'database', benchDatabase);
await measure('start-interview', 'startInterview', () => benchStartInterview({ quick }));
// The stacks run the agent's production build.
if (wanted('greeting') || wanted('agent-start') || wanted('capacity')) buildAgent();
await measure('greeting', 'greeting', () => benchGreeting({ quick }));
await measure('agent-start', 'agentStart', benchAgentStart);
await measure('capacity', 'capacity', () => benchCapacity({ quick }));
await measure('bundle', 'firstLoadJs', benchBundle);
await measure('speech', 'speech', benchSpeech);
// rtc-node's native client serves the whole run: disposed once, after the last part that joins rooms.
await dispose();

const startInterview = results.startInterview as Awaited<ReturnType<typeof benchStartInterview>> | undefined;
const greeting = results.greeting as Awaited<ReturnType<typeof benchGreeting>> | undefined;
const database = results.database as Awaited<ReturnType<typeof benchDatabase>> | undefined;
const speech = results.speech as Awaited<ReturnType<typeof benchSpeech>> | undefined;
const agentStart = results.agentStart as Awaited<ReturnType<typeof benchAgentStart>> | undefined;
const capacity = results.capacity as Awaited<ReturnType<typeof benchCapacity>> | undefined;
if (capacity) writeFileSync(join(resultsDir, 'capacity.svg'), capacityChartSvg(capacity));
if (startInterview) {
  const bars = [
    { label: 'start-interview p50', value: startInterview.sequentialMs.p50 },
    { label: 'start-interview p95', value: startInterview.sequentialMs.p95 },
  ];
  writeFileSync(join(resultsDir, 'latest.svg'), barChartSvg('Latency (ms)', bars));
}
if (greeting) {
  writeFileSync(
    join(resultsDir, 'greeting-timeline.svg'),
    barChartSvg(
      'Greeting, spaced arrivals: ms from the candidate connected to each step (p50)',
      Object.entries(greeting.spaced.timelineMs).map(([step, summary]) => ({
        label: step,
        value: summary.p50,
      })),
    ),
  );
  writeFileSync(
    join(resultsDir, 'greeting-distribution.svg'),
    histogramSvg('Greeting latency (ms): spaced arrivals and burst', [
      { label: 'spaced', values: greeting.spaced.greetingSamplesMs },
      { label: 'burst', values: greeting.burst.greetingSamplesMs },
    ]),
  );
}
const lines = [
  `# Benchmarks — ${results.date as string}`,
  '',
  '```json',
  JSON.stringify(results, null, 2),
  '```',
];
if (startInterview?.throughput) lines.push('', ...startInterviewSummaryLines(startInterview));
if (greeting) lines.push('', ...greetingSummaryLines(greeting));
if (capacity) lines.push('', ...capacitySummaryLines(capacity));
if (database) {
  lines.push(
    '',
    `PostgreSQL ÷ embedded PGlite throughput: answers ×${database.ratioPostgresToPglite.answers}, ` +
      `transcript ×${database.ratioPostgresToPglite.transcript}, lease ×${database.ratioPostgresToPglite.lease}.`,
  );
}
if (speech) {
  const reference =
    'skipped' in speech.espeakSox
      ? `espeak-ng | sox: skipped, ${speech.espeakSox.skipped}`
      : `espeak-ng | sox p50 ${speech.espeakSox.msPerSecondOfSpeech.p50} ms, p95 ${speech.espeakSox.msPerSecondOfSpeech.p95} ms`;
  lines.push(
    '',
    `Speech synthesis per second of speech: in-process engine p50 ${speech.wasm.msPerSecondOfSpeech.p50} ms, ` +
      `p95 ${speech.wasm.msPerSecondOfSpeech.p95} ms; ${reference}.`,
  );
}
if (agentStart) {
  const ratio = agentStart.ratioBuildToSource;
  lines.push(
    '',
    `Agent worker, production build ÷ TypeScript through tsx (p50 of ${agentStart.build.idlePssMiB.n} starts each): ` +
      `to healthy ×${ratio.toHealthy}, to its idle job process ×${ratio.toIdleJobProcess}, ` +
      `idle PSS ×${ratio.idlePss} (${agentStart.build.idlePssMiB.p50} vs ${agentStart.source.idlePssMiB.p50} MiB), ` +
      `CPU to idle ×${ratio.cpuToIdle}.`,
  );
}
writeFileSync(join(resultsDir, 'latest.md'), `${lines.join('\n')}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
