import { describe, expect, it } from 'vitest';
import { shutdownDeadlineMs, shutdownFlushMs } from './agent-shutdown.ts';

const settings = (drain: number, shutdown: number, db = 3_000) => ({
  AGENT_DRAIN_TIMEOUT_MS: drain,
  AGENT_SHUTDOWN_TIMEOUT_MS: shutdown,
  DB_TIMEOUT_MS: db,
});

describe('the shutdown budget', () => {
  it("leaves the lease's release and the room's leaving their time out of the job's shutdown timeout", () => {
    expect(shutdownFlushMs(settings(2_000, 6_000))).toBe(2_000);
    expect(shutdownFlushMs(settings(2_000, 6_000, 1_000))).toBe(4_000);
  });

  it('writes for at most 5 s however long the shutdown may take, and tries for 0.5 s however short', () => {
    expect(shutdownFlushMs(settings(60_000, 60_000))).toBe(5_000);
    expect(shutdownFlushMs(settings(1_000, 1_000))).toBe(500);
  });

  it('exits the worker after the drain, the job shutdown and its own exit', () => {
    expect(shutdownDeadlineMs(settings(2_000, 6_000))).toBe(8_500);
  });
});
