import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { newCandidate, startAgentStack } from '@rehearse/e2e/support/agent-stack';
import { RtcParticipant } from '@rehearse/e2e/support/rtc-participant';
import { groupRss, progress, summarize } from './stats.ts';

const INTERVIEWS = 6;

/**
 * Greeting latency: the candidate's participant is connected → the first audible frame of Noah's greeting
 * reaches it (through livekit-server, the agent, and the Gemini Live emulator with its default 250 ms to
 * first audio). Also the agent's memory with one interview running.
 */
export async function benchGreeting() {
  const stack = await startAgentStack({
    scenarioFile: join(import.meta.dirname, '../e2e/agent/scenarios/one-question.json'),
  });
  try {
    const latencies: number[] = [];
    // Worker + one prewarmed job process, before any interview.
    const idle = await groupRss(stack.agent.pid);
    const during: Array<{ rssMiB: number; processes: number }> = [];
    for (let i = 0; i < INTERVIEWS; i++) {
      const candidate = await newCandidate(stack, `Bench Candidate${i}`);
      const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
      const connectedAt = performance.now();
      await user.publishMicrophone();
      await user.waitForAgentTurns(1);
      if (user.firstSoundAt !== undefined) latencies.push(user.firstSoundAt - connectedAt);
      during.push(await groupRss(stack.agent.pid));
      await user.leave();
      progress('greeting latency', i + 1, INTERVIEWS);
    }
    const agentReported = stack.agentLog
      .map((line) => /"greetingLatencyMs":(\d+)/.exec(line)?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number);
    return {
      userConnectedToFirstAudioMs: summarize(latencies),
      // The first interview includes starting a job process; the rest use the prewarmed one.
      warmUserConnectedToFirstAudioMs: summarize(latencies.slice(1)),
      agentMeasuredMs: summarize(agentReported),
      // Jobs stay alive until their room closes (30 s after the candidate leaves), so later samples hold several.
      agentMemory: {
        idle,
        firstInterview: during[0],
        peak: during.reduce((a, b) => (b.rssMiB > a.rssMiB ? b : a), idle),
      },
    };
  } finally {
    await dispose();
    await stack.stop();
  }
}
