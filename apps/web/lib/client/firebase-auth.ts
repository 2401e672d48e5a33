import type { WebClientConfig } from '@rehearse/config/web-client';
import type { Auth, User } from 'firebase/auth';

/** What the pages know about the signed-in user. */
export interface SignedInUser {
  uid: string;
  email: string | null;
  displayName: string | null;
}

let authPromise: Promise<Auth> | undefined;

// The Firebase SDK is loaded on first use in the browser, never at build or prerender time, and stays out of
// the first-load bundle of every page.
async function firebaseAuth(config: WebClientConfig): Promise<Auth> {
  authPromise ??= (async () => {
    const [{ getApps, initializeApp }, { connectAuthEmulator, getAuth }] = await Promise.all([
      import('firebase/app'),
      import('firebase/auth'),
    ]);
    const app =
      getApps()[0] ??
      initializeApp({
        apiKey: config.NEXT_PUBLIC_FIREBASE_API_KEY,
        authDomain: config.NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN,
        projectId: config.NEXT_PUBLIC_FIREBASE_PROJECT_ID,
      });
    const auth = getAuth(app);
    const emulatorUrl = config.NEXT_PUBLIC_FIREBASE_AUTH_EMULATOR_URL;
    // The page shows its own "local emulator" badge instead of the SDK's banner.
    if (emulatorUrl) connectAuthEmulator(auth, emulatorUrl, { disableWarnings: true });
    return auth;
  })();
  return authPromise;
}

function toSignedInUser(user: User): SignedInUser {
  return { uid: user.uid, email: user.email, displayName: user.displayName };
}

/** Calls `onChange` with the user (or null) now and whenever the ID token changes; returns the unsubscribe. */
export async function watchUser(
  config: WebClientConfig,
  onChange: (user: SignedInUser | null) => void,
): Promise<() => void> {
  const auth = await firebaseAuth(config);
  const { onIdTokenChanged } = await import('firebase/auth');
  return onIdTokenChanged(auth, (user) => onChange(user ? toSignedInUser(user) : null));
}

export async function signInWithPassword(config: WebClientConfig, email: string, password: string) {
  const auth = await firebaseAuth(config);
  const { signInWithEmailAndPassword } = await import('firebase/auth');
  await signInWithEmailAndPassword(auth, email, password);
}

/** Creates the account, stores the name, and refreshes the ID token so its `name` claim reaches the server. */
export async function signUpWithPassword(
  config: WebClientConfig,
  input: { displayName: string; email: string; password: string },
) {
  const auth = await firebaseAuth(config);
  const { createUserWithEmailAndPassword, updateProfile } = await import('firebase/auth');
  const { user } = await createUserWithEmailAndPassword(auth, input.email, input.password);
  await updateProfile(user, { displayName: input.displayName });
  await user.getIdToken(true);
}

export async function signInWithGoogle(config: WebClientConfig) {
  const auth = await firebaseAuth(config);
  const { GoogleAuthProvider, signInWithPopup } = await import('firebase/auth');
  await signInWithPopup(auth, new GoogleAuthProvider());
}

export async function signOutUser(config: WebClientConfig) {
  const auth = await firebaseAuth(config);
  const { signOut } = await import('firebase/auth');
  await signOut(auth);
}

/** The current user's ID token (refreshed by the SDK when close to expiry); throws when signed out. */
export async function currentIdToken(config: WebClientConfig): Promise<string> {
  const auth = await firebaseAuth(config);
  if (!auth.currentUser) throw new Error('not signed in');
  return auth.currentUser.getIdToken();
}
