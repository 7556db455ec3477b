import { goLabelSelector, goStringSlice } from './go-format.js';
import type { KubeObject } from './object.js';
import { deepEqual, getPath } from './object.js';
import type { ResourceType } from './resources.js';
import type { FieldCause } from './status.js';

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
};

/** How field.Invalid prints the new value: `%q` for strings, `%#v` for a LabelSelector. */
function shown(path: string, v: unknown): string {
  if (path.endsWith('selector')) return goLabelSelector(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v ?? null);
}

/**
 * Update validation the real strategies do that clients trip over: fields that never change
 * after create, and ConfigMaps/Secrets marked `immutable: true` (422 causes, merged by the
 * registry with the object's own validation errors as ValidateUpdate does).
 */
export function updateCauses(rt: ResourceType, old: KubeObject, next: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const path of IMMUTABLE[rt.kind] ?? []) {
    const before = getPath(old, path);
    const after = getPath(next, path);
    if (before !== undefined && !deepEqual(before, after)) {
      causes.push({
        type: 'FieldValueInvalid',
        field: path,
        detail: `Invalid value: ${shown(path, after)}: field is immutable`,
      });
    }
  }
  if (rt.kind === 'Service') causes.push(...clusterIpCauses(old, next));
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
  return causes;
}

/** ValidateServiceUpdate (dual-stack): the primary cluster IP may not change once set. */
function clusterIpCauses(old: KubeObject, next: KubeObject): FieldCause[] {
  const before = getPath(old, 'spec.clusterIPs');
  const after = getPath(next, 'spec.clusterIPs');
  const b0 = Array.isArray(before) ? before[0] : undefined;
  const a0 = Array.isArray(after) ? after[0] : undefined;
  if (b0 === undefined || b0 === '' || b0 === a0) return [];
  return [
    {
      type: 'FieldValueInvalid',
      field: 'spec.clusterIPs[0]',
      detail: `Invalid value: ${goStringSlice(after)}: may not change once set`,
    },
  ];
}
