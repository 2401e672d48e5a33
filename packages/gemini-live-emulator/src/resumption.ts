import { randomBytes } from 'node:crypto';
import type { ConversationSnapshot } from './conversation.ts';

/** Session resumption handles: each names a snapshot and stays valid for `ttlMs` after it was issued. */
export class ResumptionStore {
  readonly #entries = new Map<string, { snapshot: ConversationSnapshot; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  issue(snapshot: ConversationSnapshot): string {
    const now = Date.now();
    for (const [handle, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(handle);
    }
    const handle = randomBytes(24).toString('base64url');
    this.#entries.set(handle, { snapshot, expiresAt: now + this.ttlMs });
    return handle;
  }

  lookup(handle: string): ConversationSnapshot | undefined {
    const entry = this.#entries.get(handle);
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return structuredClone(entry.snapshot);
  }
}
