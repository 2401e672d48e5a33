/** What the page may connect to besides itself. */
export interface PolicySources {
  /** Per-request script nonce (Next.js puts it on its own scripts when it sees it in the request's CSP). */
  nonce: string;
  /** The LiveKit URL the browser connects to (ws:// or wss://). */
  livekitUrl: string | undefined;
  /** The Firebase Auth emulator, when the page signs in there. */
  authEmulatorUrl: string | undefined;
  /** `next dev`: React needs eval for its error overlays. */
  development: boolean;
}

/** Firebase Auth's endpoints for email and password sign-in and token refresh. */
const FIREBASE_AUTH_ORIGINS = [
  'https://identitytoolkit.googleapis.com',
  'https://securetoken.googleapis.com',
];

/**
 * The pages' Content-Security-Policy: scripts only from this origin with the request's nonce, connections
 * only to this origin, LiveKit (its signalling socket and its HTTP endpoints) and Firebase Auth, no frames
 * around the app and no plugins. Styles allow inline `style` attributes (the visualiser's bar heights).
 */
export function contentSecurityPolicy({
  nonce,
  livekitUrl,
  authEmulatorUrl,
  development,
}: PolicySources): string {
  const livekit = livekitOrigins(livekitUrl);
  const emulator = authEmulatorUrl ? [new URL(authEmulatorUrl).origin] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...livekit, ...FIREBASE_AUTH_ORIGINS, ...emulator],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  // Only where LiveKit itself is on TLS: on a laptop everything is plain http and ws on loopback.
  const upgrade = livekitUrl?.startsWith('wss://') ? ['upgrade-insecure-requests'] : [];
  return [
    ...Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`),
    ...upgrade,
  ].join('; ');
}

/** ws://host:port → the socket and the same host over http (livekit-client also fetches there). */
function livekitOrigins(livekitUrl: string | undefined): string[] {
  if (!livekitUrl) return [];
  const socket = new URL(livekitUrl);
  const http = new URL(livekitUrl);
  http.protocol = socket.protocol === 'wss:' ? 'https:' : 'http:';
  return [socket.origin, http.origin];
}
