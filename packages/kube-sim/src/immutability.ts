import type { KubeObject } from './object.js';
import { deepEqual, getPath } from './object.js';
import type { ResourceType } from './resources.js';
import type { FieldCause } from './status.js';
import { invalid } from './status.js';

const IMMUTABLE: Record<string, string[]> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  StatefulSet: [
    'spec.selector',
    'spec.serviceName',
    'spec.podManagementPolicy',
    'spec.volumeClaimTemplates',
  ],
  Job: ['spec.selector', 'spec.template', 'spec.completionMode'],
  Service: ['spec.clusterIP'],
};

/**
 * Update validation the real strategies do that clients trip over: fields that never change
 * after create, and ConfigMaps/Secrets marked `immutable: true`. Throws 422 Invalid.
 */
export function validateUpdate(rt: ResourceType, old: KubeObject, next: KubeObject): void {
  const causes: FieldCause[] = [];
  for (const path of IMMUTABLE[rt.kind] ?? []) {
    const before = getPath(old, path);
    const after = getPath(next, path);
    if (before !== undefined && !deepEqual(before, after)) {
      causes.push({
        type: 'FieldValueInvalid',
        field: path,
        detail: `Invalid value: ${JSON.stringify(after ?? null)}: field is immutable`,
      });
    }
  }
  if ((rt.kind === 'ConfigMap' || rt.kind === 'Secret') && old.immutable === true) {
    for (const f of rt.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data']) {
      if (!deepEqual(old[f], next[f])) {
        causes.push({
          type: 'FieldValueForbidden',
          field: f,
          detail: 'Forbidden: field is immutable when `immutable` is set',
        });
      }
    }
    if (next.immutable !== true) {
      causes.push({
        type: 'FieldValueForbidden',
        field: 'immutable',
        detail: 'Forbidden: field is immutable when `immutable` is set',
      });
    }
  }
  if (causes.length > 0) throw invalid(rt, old.metadata.name ?? '', causes);
}
