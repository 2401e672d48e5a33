/** Where each operation of the web API lives: one name per operation, used by the browser and the tests. */
export const API_PATHS = {
  startInterview: '/api/start-interview',
  listInterviews: '/api/interviews',
  interviewReport: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}/report`,
  abandonInterview: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}/abandon`,
  health: '/api/health',
  livekitWebhook: '/api/livekit/webhook',
} as const;
