/**
 * Agent and admin API tokens are stored and configured only as their sha256 (see
 * store/token-store.ts for why a fast hash is right for random tokens).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time: a timing difference must not tell how much of a hash matched. */
export function sameHash(a: string, b: string | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
