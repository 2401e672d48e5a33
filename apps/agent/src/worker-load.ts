/**
 * The load this worker reports to livekit-server: its running interviews, scaled so that the load reaches the
 * server's target load exactly when `maxJobs` run. livekit-server offers a job only through a node whose workers
 * have load below its target (`agents.target_load`, 0.7 by default: a node claims a job with Σ target − load, and
 * a claim of 0 is never chosen), so a plain running ÷ max let a maximum of 8 run only 6.
 */
export function workerLoad(runningJobs: number, maxJobs: number, targetLoad: number): number {
  return Math.min(1, (runningJobs / maxJobs) * targetLoad);
}
