import type { Logger } from 'pino';

/**
 * On SIGTERM agents-js drains, then closes its job processes, and exits once all have. A process still starting
 * (forked, or in its prewarm) is not closed until its start-up finishes, however long that takes on a busy host
 * or with a database that hangs; a platform that kills at a fixed time (Cloud Run: 10 s after SIGTERM) would then
 * SIGKILL the worker. So at `deadlineMs` after SIGTERM the worker exits by itself with SIGTERM's code (143);
 * job processes it leaves behind end when their parent's connection closes, or with the container.
 */
export function exitByShutdownDeadline(deadlineMs: number, log: Logger): void {
  process.once('SIGTERM', () => {
    const timer = setTimeout(() => {
      log.error({ deadlineMs }, 'job processes still closing at the shutdown deadline; exiting now');
      process.exit(143);
    }, deadlineMs);
    timer.unref();
  });
}
