/**
 * Admin API bearer tokens. Configuration holds only sha256 hashes (see store/token-store.ts for
 * why a fast hash is right for random tokens), so a leaked config or environment dump does
 * not grant access.
 */

import type { ApiTokenConfig } from '../config.js';
import { hashToken } from '../token-hash.js';
import type { Role } from './route.js';

export interface ApiIdentity {
  name: string;
  role: Role;
}

export class ApiTokens {
  readonly #byHash = new Map<string, ApiIdentity>();

  constructor(tokens: ApiTokenConfig[]) {
    for (const token of tokens)
      this.#byHash.set(token.sha256, { name: token.name, role: token.role });
  }

  /** The identity for an Authorization header, 'missing' without one, 'invalid' for a wrong one. */
  identify(header: string | undefined): ApiIdentity | 'missing' | 'invalid' {
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) return 'missing';
    return this.#byHash.get(hashToken(match[1])) ?? 'invalid';
  }
}

export function allows(granted: Role, needed: Role): boolean {
  return granted === 'admin' || needed === 'read';
}
