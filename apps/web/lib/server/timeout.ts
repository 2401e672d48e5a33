/** A dependency (LiveKit, database, Firebase) did not answer in time. */
export class DependencyTimeoutError extends Error {
  override readonly name = 'DependencyTimeoutError';
  constructor(
    readonly dependency: string,
    readonly timeoutMs: number,
  ) {
    super(`${dependency} did not answer within ${timeoutMs} ms`);
  }
}

/** Rejects with DependencyTimeoutError after `timeoutMs`; the timer never outlives the promise. */
export async function withTimeout<T>(dependency: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeoutError(dependency, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
