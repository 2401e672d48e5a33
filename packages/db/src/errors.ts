/** Base class for every error this package throws, so callers can catch them as one family. */
export class DatabaseError extends Error {
  override readonly name: string = 'DatabaseError';
}

/** The database could not be reached or did not answer in time; callers may fall back (e.g. a fresh start). */
export class DatabaseUnavailableError extends DatabaseError {
  override readonly name = 'DatabaseUnavailableError';
}

/** The database answered with an error (constraint, syntax, unexpected row shape...). */
export class DatabaseQueryError extends DatabaseError {
  override readonly name: string = 'DatabaseQueryError';
  constructor(
    message: string,
    /** SQLSTATE from PostgreSQL, when there is one. */
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The user already has a pending or active interview; at most one unfinished session per user. */
export class UnfinishedSessionExistsError extends DatabaseQueryError {
  override readonly name = 'UnfinishedSessionExistsError';
  constructor(
    /** Known when the conflict came from creating a session for this user. */
    readonly userId: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `${userId === undefined ? 'the user' : `user ${userId}`} already has an unfinished (pending or active) interview session`,
      '23505',
      options,
    );
  }
}

/** Another session already uses this room name. */
export class RoomNameTakenError extends DatabaseQueryError {
  override readonly name = 'RoomNameTakenError';
  constructor(
    readonly roomName: string,
    options?: ErrorOptions,
  ) {
    super(`room name ${roomName} is already used by another interview session`, '23505', options);
  }
}
