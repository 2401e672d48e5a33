import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.ts';

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]),
  );

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce, and connections only to LiveKit and Firebase Auth', () => {
    const policy = directives(
      contentSecurityPolicy({
        nonce: 'abc',
        livekitUrl: 'wss://rehearse.livekit.cloud',
        authEmulatorUrl: undefined,
        development: false,
      }),
    );
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy['connect-src']).toEqual([
      "'self'",
      'wss://rehearse.livekit.cloud',
      'https://rehearse.livekit.cloud',
      'https://identitytoolkit.googleapis.com',
      'https://securetoken.googleapis.com',
    ]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['upgrade-insecure-requests']).toEqual([]);
  });

  it('on a laptop: plain ws and http on loopback, the Auth emulator, eval for next dev, no upgrade', () => {
    const policy = directives(
      contentSecurityPolicy({
        nonce: 'n',
        livekitUrl: 'ws://127.0.0.1:7880',
        authEmulatorUrl: 'http://127.0.0.1:9099',
        development: true,
      }),
    );
    expect(policy['connect-src']).toContain('ws://127.0.0.1:7880');
    expect(policy['connect-src']).toContain('http://127.0.0.1:7880');
    expect(policy['connect-src']).toContain('http://127.0.0.1:9099');
    expect(policy['script-src']).toContain("'unsafe-eval'");
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
  });
});
