/**
 * The web API's contract: one set of zod schemas (zod/mini, small in the browser bundle) for the route
 * handlers, the browser client and the tests.
 */
export * from './delivery.ts';
export * from './errors.ts';
export * from './interviews.ts';
export * from './operations.ts';
export * from './paths.ts';
export * from './progress.ts';
export * from './start-interview.ts';
