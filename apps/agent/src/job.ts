import { defineAgent, type JobContext, type JobProcess } from '@livekit/agents';
import { type PrewarmedJob, prewarmJobProcess, runInterviewJob } from './interview-job.ts';

/** Loaded by agents-js in each job process: `prewarm` while it waits idle, `entry` once it is given a job. */
export default defineAgent<PrewarmedJob>({
  prewarm: (proc: JobProcess<PrewarmedJob>) => prewarmJobProcess(proc),
  entry: (ctx: JobContext<PrewarmedJob>) => runInterviewJob(ctx),
});
