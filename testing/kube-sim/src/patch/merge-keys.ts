/**
 * The patchStrategy/patchMergeKey tags of the built-in types that kubectl and Curfew touch.
 * Strategic merge has no schema here, so a list is recognised by its field name and, where a
 * name is ambiguous (`ports`), by its parent.
 */
export type ListStrategy = { kind: 'merge'; key: string } | { kind: 'set' } | { kind: 'replace' };

const BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  secrets: 'name',
  taints: 'key',
};

/** Primitive lists merged as sets (patchStrategy:merge without a key). */
const SETS = new Set(['finalizers']);

export function listStrategy(field: string, parentField: string | undefined): ListStrategy {
  if (field === 'ports') {
    const inContainer =
      parentField === 'containers' ||
      parentField === 'initContainers' ||
      parentField === 'ephemeralContainers';
    return { kind: 'merge', key: inContainer ? 'containerPort' : 'port' };
  }
  if (SETS.has(field)) return { kind: 'set' };
  const key = BY_FIELD[field];
  return key ? { kind: 'merge', key } : { kind: 'replace' };
}
