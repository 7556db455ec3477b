import type { WebClient } from '@slack/web-api';
import type { SlackUserCache } from '../../ports.js';
import type { Actor } from './authorize.js';

/** Slack user ids look like U0123ABCD or W0123ABCD (Enterprise Grid). */
export function isSlackUserId(value: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(value);
}

/** A negative answer is remembered shorter: someone may join Slack soon. */
const NOT_FOUND_TTL_SECONDS = 600;

/**
 * Who is who in Slack, cached in Redis so every replica shares one cache and Slack's
 * per-minute limits on users.* are not spent on every message.
 */
export class IdentityResolver {
  /** Lookups in flight in this process: concurrent messages to one owner ask Slack once. */
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly web: WebClient,
    private readonly cache: SlackUserCache,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * The Slack user an owner annotation names: a user id as is, an email via
   * users.lookupByEmail (cached). Null when Slack knows nobody by that email.
   */
  async userFor(owner: string): Promise<string | null> {
    const ref = owner.trim();
    if (ref === '') return null;
    if (isSlackUserId(ref)) return ref;
    if (!ref.includes('@')) return null;
    return this.once(`email:${ref.toLowerCase()}`, () => this.lookupEmail(ref));
  }

  /** The acting user with their email (owner annotations are often emails). */
  async actor(userId: string): Promise<Actor> {
    return this.once(`user:${userId}`, () => this.lookupUser(userId));
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const pending = this.inflight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const started = run().finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  private async lookupEmail(ref: string): Promise<string | null> {
    const cached = await this.cache.userIdByEmail(ref);
    if (cached !== undefined) return cached;
    try {
      const result = await this.web.users.lookupByEmail({ email: ref });
      const id = result.user?.id ?? null;
      await this.cache.rememberUserIdByEmail(ref, id, id ? this.ttlSeconds : NOT_FOUND_TTL_SECONDS);
      return id;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') {
        await this.cache.rememberUserIdByEmail(ref, null, NOT_FOUND_TTL_SECONDS);
        return null;
      }
      throw error;
    }
  }

  private async lookupUser(userId: string): Promise<Actor> {
    const cached = await this.cache.emailOfUser(userId);
    if (cached !== undefined) {
      return cached === null ? { id: userId } : { id: userId, email: cached };
    }
    try {
      const result = await this.web.users.info({ user: userId });
      const email = result.user?.profile?.email;
      await this.cache.rememberEmailOfUser(userId, email ?? null, this.ttlSeconds);
      return email ? { id: userId, email } : { id: userId };
    } catch {
      // Without users.info an email owner cannot be matched; ids still can.
      return { id: userId };
    }
  }
}
