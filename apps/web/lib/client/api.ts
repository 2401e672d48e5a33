import {
  type InterviewReportResponse,
  type InterviewSummary,
  isInterviewList,
  isInterviewReportResponse,
  isInterviewResponse,
  isStartBotResponse,
  type StartBotResponse,
} from './api-types.ts';

export type { InterviewReportResponse, InterviewSummary, StartBotResponse };

/** Every call to our API is bounded: a hung request becomes an error the page can show. */
const REQUEST_TIMEOUT_MS = 20_000;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function callApi<T>(
  path: string,
  idToken: string,
  isExpected: (body: unknown) => body is T,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${idToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(
      0,
      timedOut ? 'timeout' : 'network',
      timedOut ? 'The server took too long to answer.' : 'Could not reach the server.',
    );
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as {
      error?: unknown;
      message?: unknown;
    };
    throw new ApiError(
      response.status,
      typeof fields.error === 'string' ? fields.error : `http_${response.status}`,
      typeof fields.message === 'string' ? fields.message : `The server answered ${response.status}.`,
    );
  }
  if (!isExpected(body))
    throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
  return body;
}

export function listInterviews(idToken: string): Promise<InterviewSummary[]> {
  return callApi('/api/interviews', idToken, isInterviewList).then((body) => body.interviews);
}

export function fetchInterviewReport(id: string, idToken: string): Promise<InterviewReportResponse> {
  return callApi(`/api/interviews/${encodeURIComponent(id)}/report`, idToken, isInterviewReportResponse);
}

/** Gives up the user's unfinished interview; asking again answers the same. */
export function abandonInterview(id: string, idToken: string): Promise<InterviewSummary> {
  return callApi(`/api/interviews/${encodeURIComponent(id)}/abandon`, idToken, isInterviewResponse, {
    method: 'POST',
    body: {},
  }).then((body) => body.interview);
}

/** Creates or resumes the user's interview room; calling it again re-dispatches an agent that left. */
export function startInterviewSession(idToken: string): Promise<StartBotResponse> {
  return callApi('/api/start-bot', idToken, isStartBotResponse, { method: 'POST', body: {} });
}
