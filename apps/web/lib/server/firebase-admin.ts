import 'server-only';
import { type App, getApps, initializeApp } from 'firebase-admin/app';
import { type Auth, getAuth } from 'firebase-admin/auth';
import { serverConfig } from './config.ts';

const APP_NAME = 'rehearse-web';

/**
 * One firebase-admin app per process. Credentials come from the platform (GOOGLE_APPLICATION_CREDENTIALS or the
 * service account of the host); with FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin talks to the emulator instead.
 */
export function adminAuth(): Auth {
  const existing = getApps().find((app) => app.name === APP_NAME);
  const app: App = existing ?? initializeApp({ projectId: serverConfig().FIREBASE_PROJECT_ID }, APP_NAME);
  return getAuth(app);
}
