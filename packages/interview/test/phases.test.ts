import { describe, expect, it } from 'vitest';
import {
  isPhase,
  isPhaseAfter,
  isPhaseBefore,
  nextPhase,
  PHASE_LABELS,
  PHASES,
  phaseIndex,
} from '../src/index.ts';

describe('phases', () => {
  it('lists the phases in interview order', () => {
    expect(PHASES).toEqual(['profile', 'background', 'questions', 'wrap_up', 'completed']);
    expect(PHASES.map((phase) => phaseIndex(phase))).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the next phase and null after the last', () => {
    expect(nextPhase('profile')).toBe('background');
    expect(nextPhase('questions')).toBe('wrap_up');
    expect(nextPhase('wrap_up')).toBe('completed');
    expect(nextPhase('completed')).toBeNull();
  });

  it('compares phases', () => {
    expect(isPhaseBefore('profile', 'questions')).toBe(true);
    expect(isPhaseBefore('questions', 'questions')).toBe(false);
    expect(isPhaseAfter('completed', 'wrap_up')).toBe(true);
    expect(isPhaseAfter('background', 'questions')).toBe(false);
  });

  it('recognises phases and labels each', () => {
    expect(isPhase('wrap_up')).toBe(true);
    expect(isPhase('done')).toBe(false);
    expect(isPhase(3)).toBe(false);
    for (const phase of PHASES) expect(PHASE_LABELS[phase]).not.toBe('');
  });
});
