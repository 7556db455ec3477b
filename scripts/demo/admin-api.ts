/**
 * The few admin-API calls the demo and the end-to-end tests make, over HTTP like any
 * operator's script would (the hub configures only token hashes, so the clear token is
 * generated here and never stored by the hub).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface AdminToken {
  token: string;
  /** The hub's API_TOKENS setting for it. */
  apiTokensSetting: string;
}

export function newAdminToken(name = 'local-admin'): AdminToken {
  const token = randomBytes(24).toString('base64url');
  const sha256 = createHash('sha256').update(token).digest('hex');
  return { token, apiTokensSetting: JSON.stringify([{ name, role: 'admin', sha256 }]) };
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  clusterId?: string;
  namespace?: string;
  outcome: 'allowed' | 'refused' | 'succeeded' | 'failed' | 'expired';
  detail?: string;
  commandId?: string;
}

export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /api/v1${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Registers a cluster; the answer carries the one-time agent token. */
  registerCluster(name: string, defaultChannel?: string) {
    return this.call<{ id: string; token: string; helmCommand: string }>('POST', '/clusters', {
      name,
      ...(defaultChannel ? { defaultChannel } : {}),
    });
  }

  clusters() {
    return this.call<{ clusters: { id: string; connected: boolean; hubInstance?: string }[] }>(
      'GET',
      '/clusters',
    );
  }

  async audit(limit = 200): Promise<AuditEntry[]> {
    return (await this.call<{ entries: AuditEntry[] }>('GET', `/audit?limit=${limit}`)).entries;
  }
}
