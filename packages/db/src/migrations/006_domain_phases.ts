// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
/**
 * The phase column speaks the domain's language only (packages/interview PHASES): an interview nobody
 * has joined yet is at 'profile', not at a storage-only 'not_started' the API would have to explain.
 */
export const domainPhases = /* sql */ `
UPDATE interview_sessions SET phase = 'profile' WHERE phase = 'not_started';
ALTER TABLE interview_sessions ALTER COLUMN phase SET DEFAULT 'profile';
ALTER TABLE interview_sessions ADD CONSTRAINT interview_sessions_phase_known
  CHECK (phase IN ('profile', 'background', 'questions', 'wrap_up', 'completed'));
`;
