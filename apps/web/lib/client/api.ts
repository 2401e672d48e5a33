import {
  type AbandonInterviewResponse,
  API_PATHS,
  abandonInterviewResponse,
  apiErrorBody,
  type InterviewReportResponse,
  type InterviewSummary,
  interviewReportResponse,
  listInterviewsResponse,
  type StartInterviewResponse,
  startInterviewResponse,
} from '@rehearse/api-contract';

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

interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

async function callApi<T>(
  path: string,
  idToken: string,
  expected: ResponseSchema<T>,
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
    const failure = apiErrorBody.safeParse(body);
    throw failure.success
      ? new ApiError(response.status, failure.data.error, failure.data.message)
      : new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`);
  }
  const parsed = expected.safeParse(body);
  if (!parsed.success)
    throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
  return parsed.data;
}

export function listInterviews(idToken: string): Promise<InterviewSummary[]> {
  return callApi(API_PATHS.listInterviews, idToken, listInterviewsResponse).then((body) => body.interviews);
}

export function fetchInterviewReport(id: string, idToken: string): Promise<InterviewReportResponse> {
  return callApi(API_PATHS.interviewReport(id), idToken, interviewReportResponse);
}

/** Gives up the user's unfinished interview; asking again answers the same. */
export function abandonInterview(
  id: string,
  idToken: string,
): Promise<AbandonInterviewResponse['interview']> {
  return callApi(API_PATHS.abandonInterview(id), idToken, abandonInterviewResponse, {
    method: 'POST',
    body: {},
  }).then((body) => body.interview);
}

/** Creates or resumes the user's interview room; calling it again re-dispatches an agent that left. */
export function startInterview(idToken: string): Promise<StartInterviewResponse> {
  return callApi(API_PATHS.startInterview, idToken, startInterviewResponse, { method: 'POST', body: {} });
}
