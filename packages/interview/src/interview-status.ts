/** Where an interview is in its life: waiting for the candidate, under way, or over (one of three ways). */
export const INTERVIEW_STATUSES = ['pending', 'active', 'completed', 'abandoned', 'expired'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/** The candidate's way out: given up from home, or left unfinished too long. Final once set. */
export const WAY_OUT_STATUSES = ['abandoned', 'expired'] as const satisfies readonly InterviewStatus[];
export type WayOutStatus = (typeof WAY_OUT_STATUSES)[number];
