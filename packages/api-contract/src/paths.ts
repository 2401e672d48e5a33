/** Where each operation of the web API lives: one name per operation, used by the browser and the tests. */
export const API_PATHS = {
  startInterview: '/api/start-interview',
  listInterviews: '/api/interviews',
  interviewReport: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}/report`,
  abandonInterview: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}/abandon`,
  progress: '/api/progress',
  /** DELETE: a finished interview and everything kept of it. */
  interview: (interviewId: string) => `/api/interviews/${encodeURIComponent(interviewId)}`,
  answerAudio: (interviewId: string, questionId: string) =>
    `/api/interviews/${encodeURIComponent(interviewId)}/answers/${encodeURIComponent(questionId)}/audio`,
  health: '/api/health',
  livekitWebhook: '/api/livekit/webhook',
} as const;
