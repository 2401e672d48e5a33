export const COMPETENCIES = [
  'communication',
  'problem_solving',
  'technical_depth',
  'ownership',
  'collaboration',
] as const;

export type Competency = (typeof COMPETENCIES)[number];

export const COMPETENCY_LABELS: Readonly<Record<Competency, string>> = {
  communication: 'Communication',
  problem_solving: 'Problem solving',
  technical_depth: 'Technical depth',
  ownership: 'Ownership',
  collaboration: 'Collaboration',
};

export function isCompetency(value: unknown): value is Competency {
  return typeof value === 'string' && (COMPETENCIES as readonly string[]).includes(value);
}

/** Accepts the loose spellings a model may produce ("Problem Solving", "problem-solving"). */
export function parseCompetency(text: string): Competency | null {
  const normalised = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return isCompetency(normalised) ? normalised : null;
}
