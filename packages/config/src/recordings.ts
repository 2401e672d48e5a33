import { z } from 'zod';

/**
 * Where answer recordings' audio is kept (docs/answer-replay.md): in the database (default: works on PGlite and
 * PostgreSQL with nothing else to run) or under a local directory. The agent writes and the web app reads and
 * deletes, so both must be given the same choice.
 */
export const recordingsFields = {
  RECORDINGS_STORAGE: z
    .enum(['database', 'filesystem'], { error: 'must be database or filesystem' })
    .default('database'),
  /** An absolute directory; required with RECORDINGS_STORAGE=filesystem. */
  RECORDINGS_DIR: z.string().regex(/^\//, 'must be an absolute path').optional(),
};

/** RECORDINGS_DIR is required exactly when the filesystem is the storage. */
export function checkRecordings(
  env: { RECORDINGS_STORAGE: 'database' | 'filesystem'; RECORDINGS_DIR?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.RECORDINGS_STORAGE === 'filesystem' && !env.RECORDINGS_DIR) {
    ctx.addIssue({
      code: 'custom',
      path: ['RECORDINGS_DIR'],
      message: 'must be set to an absolute directory when RECORDINGS_STORAGE=filesystem',
    });
  }
}
