import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';
import { fromLabelSelector } from './selectors.js';
import { ApiError, badRequest } from './status.js';

/** Renders a metav1.LabelSelector as the string form autoscaling/v1 Scale.status.selector uses. */
export function selectorString(sel: unknown): string {
  const reqs = fromLabelSelector(sel) ?? [];
  return reqs
    .map((r) => {
      if (r.op === 'eq') return `${r.key}=${r.values[0] ?? ''}`;
      if (r.op === 'in') return `${r.key} in (${r.values.join(',')})`;
      if (r.op === 'notin') return `${r.key} notin (${r.values.join(',')})`;
      if (r.op === 'exists') return r.key;
      return `!${r.key}`;
    })
    .sort()
    .join(',');
}

/** The autoscaling/v1 Scale view of a Deployment, StatefulSet or ReplicaSet. */
export function toScale(o: KubeObject): KubeObject {
  const m = o.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 0 },
    status: {
      replicas: typeof o.status?.replicas === 'number' ? o.status.replicas : 0,
      selector: selectorString(o.spec?.selector),
    },
  };
}

/** Writes a Scale's spec.replicas (and its resourceVersion precondition) back onto the parent. */
export function fromScale(parent: KubeObject, scale: KubeObject): KubeObject {
  const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas))) {
    throw badRequest('Scale.spec.replicas must be an integer; send e.g. {"spec":{"replicas":3}}');
  }
  if (typeof replicas === 'number' && replicas < 0) {
    // ScaleREST validates the Scale itself (ValidateScale) before touching the parent.
    const detail = `Invalid value: ${replicas}: must be greater than or equal to 0`;
    const name = parent.metadata.name ?? '';
    throw new ApiError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: ${detail}`,
      {
        name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'spec.replicas' }],
      },
    );
  }
  const next: KubeObject = { ...parent, spec: { ...parent.spec, replicas: replicas ?? 0 } };
  const rv = scale.metadata?.resourceVersion;
  next.metadata = { ...parent.metadata, resourceVersion: rv ?? '' };
  return next;
}
