import { request } from 'node:https';
import type { ClusterPolicy } from '@curfew/core';
import type { AdmissionLogger } from '../../src/admission/index.js';

export const POLICY: ClusterPolicy = {
  mode: 'opt-in',
  defaultUptime: 'Mon-Fri 08:00-19:00 Europe/Berlin',
  reminderOffsetsMinutes: [60, 30, 15],
  systemNamespaces: ['monitoring'],
  agentNamespace: 'curfew-system',
};

/** Records what the server logs, so tests can check refusals are logged. */
export function memoryLogger(): AdmissionLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (_fields, message) => lines.push(`info ${message}`),
    warn: (_fields, message) => lines.push(`warn ${message}`),
  };
}

export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request to 127.0.0.1 trusting only `ca`, as kube-apiserver does with caBundle. */
export function httpsCall(
  port: number,
  ca: string,
  opts: {
    method?: string;
    path: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    servername?: string;
  },
): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        ca,
        method: opts.method ?? 'POST',
        path: opts.path,
        ...(opts.servername ? { servername: opts.servername } : {}),
        headers: {
          ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...opts.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** An AdmissionReview v1 request as kube-apiserver builds it. */
export function admissionReview(request: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });
}
