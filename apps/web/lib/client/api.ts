import {
  type AbandonInterviewResponse,
  API_PATHS,
  abandonInterviewResponse,
  apiErrorBody,
  deleteInterviewResponse,
  type InterviewReportResponse,
  type InterviewSummary,
  interviewReportResponse,
  listInterviewsResponse,
  type ProgressPoint,
  progressResponse,
  type StartInterviewRequest,
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
  init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown } = {},
): Promise<T> {
  const response = await send(path, idToken, init);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failureOf(response, body);
  const parsed = expected.safeParse(body);
  if (!parsed.success)
    throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
  return parsed.data;
}

/** One bounded request with the user's ID token; a network failure or timeout becomes an ApiError. */
async function send(
  path: string,
  idToken: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown },
): Promise<Response> {
  try {
    return await fetch(path, {
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
}

function failureOf(response: Response, body: unknown): ApiError {
  const failure = apiErrorBody.safeParse(body);
  return failure.success
    ? new ApiError(response.status, failure.data.error, failure.data.message)
    : new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`);
}

export function listInterviews(idToken: string): Promise<InterviewSummary[]> {
  return callApi(API_PATHS.listInterviews, idToken, listInterviewsResponse).then((body) => body.interviews);
}

export function fetchInterviewReport(id: string, idToken: string): Promise<InterviewReportResponse> {
  return callApi(API_PATHS.interviewReport(id), idToken, interviewReportResponse);
}

/** The user's newest completed interviews, oldest first, with their scores and delivery. */
export function fetchProgress(idToken: string): Promise<ProgressPoint[]> {
  return callApi(API_PATHS.progress, idToken, progressResponse).then((body) => body.interviews);
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
export function startInterview(
  idToken: string,
  request: Partial<StartInterviewRequest> = {},
): Promise<StartInterviewResponse> {
  return callApi(API_PATHS.startInterview, idToken, startInterviewResponse, {
    method: 'POST',
    body: request,
  });
}

/** Deletes a finished interview with its answers and recordings. */
export function deleteInterview(id: string, idToken: string): Promise<void> {
  return callApi(API_PATHS.interview(id), idToken, deleteInterviewResponse, { method: 'DELETE' }).then(
    () => {},
  );
}

/**
 * A recorded answer's audio (`recording.audio_url`), fetched with the user's ID token: an `<audio>` element
 * cannot send it, so the page plays the clip from a blob URL (which seeks natively).
 */
export async function fetchAnswerAudio(audioUrl: string, idToken: string): Promise<Blob> {
  const response = await send(audioUrl, idToken, {});
  if (!response.ok) throw failureOf(response, await response.json().catch(() => null));
  return response.blob();
}
