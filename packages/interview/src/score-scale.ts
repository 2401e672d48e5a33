/**
 * The 1–5 score scale. Its own module, free of zod, so the browser can import it without the scoring
 * module's schemas.
 */
export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
