import { z } from 'zod';
import { firebaseProjectId, logLevel, port, postgresUrl } from './fields.ts';
import { livekitFields } from './livekit.ts';

/** The dev-stack launcher and provisioning scripts: which ports to use and what is external. */
export const scriptsSchema = z.object({
  ...livekitFields,
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_DB_PORT: port(5433),
  WEB_PORT: port(3000),
  FIREBASE_AUTH_EMULATOR_PORT: port(9099),
  FIREBASE_PROJECT_ID: firebaseProjectId,
  GEMINI_EMULATOR_PORT: port(9250),
  GOOGLE_API_KEY: z.string().optional(),
  GOOGLE_GENAI_USE_VERTEXAI: z.string().optional(),
  PORT: port(8081),
  LOG_LEVEL: logLevel,
});

export type ScriptsConfig = z.infer<typeof scriptsSchema>;
