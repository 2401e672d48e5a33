import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startEmbeddedDatabaseProcess } from '@rehearse/local-stack';
import { startTestLivekit } from '@rehearse/test-stack/livekit';
import { processGroupMembers } from '@rehearse/test-stack/process-group';
import { startTestAgent } from '@rehearse/test-stack/test-agent';
import { progress, round, summarize } from './stats.ts';

const SAMPLES_PER_ENTRY = 8;
const ENTRIES = ['source', 'build'] as const;
type Entry = (typeof ENTRIES)[number];

interface GroupFootprint {
  pssMiB: number;
  rssMiB: number;
  cpuSeconds: number;
  commands: string[];
}

/** PSS (shared pages split between their users), RSS and CPU time of every live process in a group. */
async function groupFootprint(pgid: number): Promise<GroupFootprint> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let pssKiB = 0;
  let rssKiB = 0;
  let ticks = 0;
  const commands: string[] = [];
  for (const pid of processGroupMembers(pgid)) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
      pssKiB += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rssKiB += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      commands.push((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return {
    pssMiB: round(pssKiB / 1024),
    rssMiB: round(rssKiB / 1024),
    cpuSeconds: ticks / ticksPerSecond,
    commands,
  };
}

/**
 * The agent worker from spawn to idle (registered with LiveKit, its prewarmed job process up), run as production
 * ran it before (TypeScript through tsx) and as it runs now (the esbuild build), alternating so both see the same
 * machine: time to healthy, time to the idle job process, and the idle tree's PSS, RSS and CPU time.
 */
export async function benchAgentStart() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rehearse-bench-agent-'));
  const db = await startEmbeddedDatabaseProcess({ dataDir, port: await freePort(), log: () => {} });
  const livekit = await startTestLivekit();
  const samples: Record<Entry, Array<{ healthyMs: number; idleMs: number } & GroupFootprint>> = {
    source: [],
    build: [],
  };
  try {
    for (let pair = 0; pair < SAMPLES_PER_ENTRY; pair++) {
      for (const entry of ENTRIES) {
        const startedAt = performance.now();
        const agent = await startTestAgent({
          livekitUrl: livekit.url,
          databaseUrl: db.readyValue ?? '',
          agentName: 'noah-bench',
          scenarioFile: join(import.meta.dirname, '../e2e/agent/scenarios/one-question.json'),
          entry,
        });
        const healthyMs = performance.now() - startedAt;
        let footprint = await groupFootprint(agent.agent.pid);
        while (!footprint.commands.some((command) => command.includes('job_proc_lazy_main'))) {
          await sleep(100);
          footprint = await groupFootprint(agent.agent.pid);
        }
        const idleMs = performance.now() - startedAt;
        await sleep(3_000); // let the idle job process finish loading before its memory is read
        samples[entry].push({ healthyMs, idleMs, ...(await groupFootprint(agent.agent.pid)) });
        await agent.stop();
        progress(
          'agent start (tsx vs build)',
          samples.source.length + samples.build.length,
          2 * SAMPLES_PER_ENTRY,
        );
      }
    }
  } finally {
    await livekit.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const summary = (entry: Entry) => ({
    toHealthyMs: summarize(samples[entry].map((sample) => sample.healthyMs)),
    toIdleJobProcessMs: summarize(samples[entry].map((sample) => sample.idleMs)),
    idlePssMiB: summarize(samples[entry].map((sample) => sample.pssMiB)),
    idleRssMiB: summarize(samples[entry].map((sample) => sample.rssMiB)),
    cpuSecondsToIdle: summarize(samples[entry].map((sample) => sample.cpuSeconds)),
    processes: samples[entry][0]?.commands.length ?? 0,
  });
  const source = summary('source');
  const build = summary('build');
  return {
    source,
    build,
    ratioBuildToSource: {
      toHealthy: round(build.toHealthyMs.p50 / source.toHealthyMs.p50, 2),
      toIdleJobProcess: round(build.toIdleJobProcessMs.p50 / source.toIdleJobProcessMs.p50, 2),
      idlePss: round(build.idlePssMiB.p50 / source.idlePssMiB.p50, 2),
      cpuToIdle: round(build.cpuSecondsToIdle.p50 / source.cpuSecondsToIdle.p50, 2),
    },
  };
}
