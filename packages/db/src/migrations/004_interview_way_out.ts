// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
/**
 * Interviews the candidate never finished can now be 'expired' (too old to resume) besides 'abandoned'
 * (given up from home). The status check from 001 carries PostgreSQL's default constraint name.
 */
export const interviewWayOut = /* sql */ `
ALTER TABLE interview_sessions DROP CONSTRAINT interview_sessions_status_check;
ALTER TABLE interview_sessions ADD CONSTRAINT interview_sessions_status_check
  CHECK (status IN ('pending', 'active', 'completed', 'abandoned', 'expired'));
`;
