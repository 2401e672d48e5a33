import { z } from 'zod';

/**
 * What the browser may know. Only NEXT_PUBLIC_* names, none of them secret (a Firebase web API key
 * identifies the project; it grants nothing by itself). Next.js inlines these only when they are read
 * as literal `process.env.NEXT_PUBLIC_...` expressions, hence the explicit reads below.
 */
export const webClientSchema = z.object({
  NEXT_PUBLIC_FIREBASE_API_KEY: z.string().min(1, 'must be set to the Firebase web API key'),
  NEXT_PUBLIC_FIREBASE_PROJECT_ID: z
    .string()
    .regex(/^[a-z0-9-]{4,40}$/, 'must be a Firebase project id (use demo-... with the emulator)'),
  NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: z.string().min(1, 'must be set to the Firebase auth domain'),
  NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// URL of the Auth emulator')
    .optional(),
});

export type WebClientConfig = z.infer<typeof webClientSchema>;

export function readWebClientEnv(): Record<keyof WebClientConfig, string | undefined> {
  return {
    NEXT_PUBLIC_FIREBASE_API_KEY: process.env.NEXT_PUBLIC_FIREBASE_API_KEY,
    NEXT_PUBLIC_FIREBASE_PROJECT_ID: process.env.NEXT_PUBLIC_FIREBASE_PROJECT_ID,
    NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN: process.env.NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN,
    NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL: process.env.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL || undefined,
  };
}

/** Throws one line per bad variable (the browser has no process to exit). */
export function loadWebClientConfig(): WebClientConfig {
  const result = webClientSchema.safeParse(readWebClientEnv());
  if (result.success) return result.data;
  throw new Error(
    result.error.issues
      .map((issue) => `config error (web client): ${String(issue.path[0])} ${issue.message}`)
      .join('\n'),
  );
}
