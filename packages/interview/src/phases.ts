/**
 * The interview moves forward through these phases, never back:
 * profile (name, role, experience) → background (one open question) → questions (role bank)
 * → wrap_up (anything to add, spoken feedback) → completed (report stored).
 */
export const PHASES = ['profile', 'background', 'questions', 'wrap_up', 'completed'] as const;

export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  profile: 'Profile',
  background: 'Background',
  questions: 'Questions',
  wrap_up: 'Wrap-up',
  completed: 'Completed',
};

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}

/** The phase after `phase`, or null for the last one. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[phaseIndex(phase) + 1] ?? null;
}

export function isPhaseBefore(phase: Phase, other: Phase): boolean {
  return phaseIndex(phase) < phaseIndex(other);
}

export function isPhaseAfter(phase: Phase, other: Phase): boolean {
  return phaseIndex(phase) > phaseIndex(other);
}
