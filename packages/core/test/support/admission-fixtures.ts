import type { AdmissionInput } from '../../src/admission/admission-types.js';

/** Shared by the admission tests: requests as the API server sends them, trimmed to what matters. */
export const NOW = Date.parse('2026-11-04T12:00:00.250Z');
export const NOW_S = Math.floor(NOW / 1000);
export const PAST_S = NOW_S - 60;
export const FUTURE_S = NOW_S + 3600;

type Annotations = Record<string, string>;

export function pod(
  annotations: Annotations | undefined,
  extra: { owner?: { kind: string; name: string }; hash?: string; image?: string } = {},
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'dev',
      ...(annotations ? { annotations } : {}),
      ...(extra.hash ? { labels: { 'pod-template-hash': extra.hash } } : {}),
      ...(extra.owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', controller: true, uid: 'u1', ...extra.owner },
            ],
          }
        : {}),
    },
    spec: { containers: [{ name: 'c', image: extra.image ?? 'web:1' }] },
  };
}

export function workload(
  kind: 'Deployment' | 'StatefulSet',
  template: Annotations | undefined,
  extra: {
    metadata?: Annotations;
    replicas?: number;
    image?: string;
    noTemplateMetadata?: boolean;
  } = {},
): Record<string, unknown> {
  const templateMetadata = extra.noTemplateMetadata
    ? {}
    : { metadata: { labels: { app: 'web' }, ...(template ? { annotations: template } : {}) } };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name: 'web',
      namespace: 'dev',
      ...(extra.metadata ? { annotations: extra.metadata } : {}),
    },
    spec: {
      ...(extra.replicas === undefined ? {} : { replicas: extra.replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: {
        ...templateMetadata,
        spec: { containers: [{ name: 'c', image: extra.image ?? 'web:1' }] },
      },
    },
  };
}

export function review(
  object: Record<string, unknown>,
  overrides: Partial<AdmissionInput> = {},
): AdmissionInput {
  const kind = String(object.kind);
  const metadata = object.metadata as { name?: string; namespace?: string };
  return {
    kind: { group: kind === 'Pod' ? '' : 'apps', version: 'v1', kind },
    operation: 'CREATE',
    namespace: metadata.namespace ?? 'dev',
    name: metadata.name ?? '',
    object,
    oldObject: null,
    ...overrides,
  };
}
