/**
 * `npm run bench`: measures the numbers the project cares about against the real local components and
 * writes bench/results/latest.{json,md,svg}. Run inside the test network namespace (see package.json).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAgent } from '@rehearse/local-stack';
import { benchAgentStart } from './agent-start.bench.ts';
import { benchBundle } from './bundle.bench.ts';
import { barChartSvg } from './chart.ts';
import { benchDatabase } from './database.bench.ts';
import { benchGreeting } from './greeting.bench.ts';
import { benchSpeech } from './speech.bench.ts';
import { benchStartInterview } from './start-interview.bench.ts';

const resultsDir = join(import.meta.dirname, 'results');
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

// A partial run (`npm run bench -- greeting`) updates its own part of the last results.
const latestFile = join(resultsDir, 'latest.json');
const previous =
  only.length > 0 && existsSync(latestFile) ? JSON.parse(readFileSync(latestFile, 'utf8')) : {};
const results: Record<string, unknown> = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
};
if (wanted('database')) results.database = await benchDatabase();
if (wanted('start-interview')) results.startInterview = await benchStartInterview();
if (wanted('greeting') || wanted('agent-start')) buildAgent(); // the stacks run the agent's production build
if (wanted('greeting')) results.greeting = await benchGreeting();
if (wanted('agent-start')) results.agentStart = await benchAgentStart();
if (wanted('bundle')) results.firstLoadJs = await benchBundle();
if (wanted('speech')) results.speech = await benchSpeech();

mkdirSync(resultsDir, { recursive: true });
writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`);

const startInterview = results.startInterview as Awaited<ReturnType<typeof benchStartInterview>> | undefined;
const greeting = results.greeting as Awaited<ReturnType<typeof benchGreeting>> | undefined;
const database = results.database as Awaited<ReturnType<typeof benchDatabase>> | undefined;
const speech = results.speech as Awaited<ReturnType<typeof benchSpeech>> | undefined;
const agentStart = results.agentStart as Awaited<ReturnType<typeof benchAgentStart>> | undefined;
const bars = [
  ...(startInterview
    ? [
        { label: 'start-interview p50', value: startInterview.sequentialMs.p50 },
        { label: 'start-interview p95', value: startInterview.sequentialMs.p95 },
      ]
    : []),
  ...(greeting
    ? [
        { label: 'greeting p50 (warm)', value: greeting.warmUserConnectedToFirstAudioMs.p50 },
        { label: 'greeting p95 (warm)', value: greeting.warmUserConnectedToFirstAudioMs.p95 },
      ]
    : []),
];
if (bars.length > 0) writeFileSync(join(resultsDir, 'latest.svg'), barChartSvg('Latency (ms)', bars));
const lines = [
  `# Benchmarks — ${results.date as string}`,
  '',
  '```json',
  JSON.stringify(results, null, 2),
  '```',
];
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
