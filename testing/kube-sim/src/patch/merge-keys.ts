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
  // PodIP / HostIP in a pod's status.
  podIPs: 'ip',
  hostIPs: 'ip',
};

/** Primitive lists merged as sets (patchStrategy:merge without a key). */
const SETS = new Set(['finalizers']);

export function listStrategy(field: string, parentField: string | undefined): ListStrategy {
  if (field === 'ports') {
    const inContainer =
      parentField === 'containers' ||
      parentField === 'initContainers' ||
      parentField === 'ephemeralContainers';
    if (inContainer) return { kind: 'merge', key: 'containerPort' };
    // ServiceSpec.ports; the `ports` of NetworkPolicy rules or EndpointSlices carry no strategy.
    return parentField === 'spec' ? { kind: 'merge', key: 'port' } : { kind: 'replace' };
  }
  if (SETS.has(field)) return { kind: 'set' };
  const key = BY_FIELD[field];
  return key ? { kind: 'merge', key } : { kind: 'replace' };
}

/**
 * What strategicpatch's LookupPatchMeta answers for one field: how a list merges (by a key, as
 * a set of primitives, or replaced whole) and whether a map merges or is replaced.
 */
export interface PatchSchema {
  list(field: string, parentField: string | undefined): ListStrategy;
  replacesMap(field: string, parentField: string | undefined): boolean;
}

/** The built-in types' tags: no map of theirs is `patchStrategy:"replace"`. */
export const BUILT_IN_SCHEMA: PatchSchema = {
  list: listStrategy,
  replacesMap: () => false,
};
