// Kept as a TS string (not a .sql file) so bundlers such as Next.js ship it without file-system reads.
/**
 * How long Noah lets the candidate think before answering (packages/interview THINKING_TIMES), chosen when
 * the interview starts and kept as it was on every resume. Existing interviews get the default.
 */
export const thinkingTime = /* sql */ `
ALTER TABLE interview_sessions ADD COLUMN thinking_time text NOT NULL DEFAULT 'normal'
  CONSTRAINT interview_sessions_thinking_time_known CHECK (thinking_time IN ('short', 'normal', 'long'));
`;
