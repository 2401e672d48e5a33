import { describe, expect, it } from 'vitest';
import { workerLoad } from './worker-load.ts';

describe('workerLoad', () => {
  it('stays below the target load until the maximum runs, and reaches it then', () => {
    for (const max of [1, 3, 6, 8, 40]) {
      for (let running = 0; running < max; running++) expect(workerLoad(running, max, 0.7)).toBeLessThan(0.7);
      expect(workerLoad(max, max, 0.7)).toBe(0.7);
    }
  });

  it('lets a maximum of 8 run 8 where running ÷ max stopped at 6 under the default target', () => {
    const offered = (load: (running: number) => number) => {
      let running = 0;
      while (load(running) < 0.7) running++;
      return running;
    };
    expect(offered((running) => running / 8)).toBe(6);
    expect(offered((running) => workerLoad(running, 8, 0.7))).toBe(8);
  });

  it('never reports more than a full worker', () => {
    expect(workerLoad(12, 6, 0.7)).toBe(1);
    expect(workerLoad(3, 6, 1)).toBe(0.5);
  });
});
