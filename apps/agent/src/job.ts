import { defineAgent, type JobContext } from '@livekit/agents';
import { runInterviewJob } from './interview-job.ts';

/** Loaded by agents-js in each job process. */
export default defineAgent({
  entry: (ctx: JobContext) => runInterviewJob(ctx),
});
