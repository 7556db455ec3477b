import type { ResourceType } from './resources.js';
import { groupVersion, RESOURCE_VERBS, RESOURCES } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function groups(types: readonly ResourceType[] = RESOURCES): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rt of types) {
    if (rt.group === '') continue;
    const vs = out.get(rt.group) ?? [];
    if (!vs.includes(rt.version)) vs.push(rt.version);
    out.set(rt.group, vs);
  }
  return out;
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(types: readonly ResourceType[] = RESOURCES) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(types)].map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroupDoc(group: string, types: readonly ResourceType[] = RESOURCES) {
  const versions = groups(types).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

function entries(rt: ResourceType) {
  const main: Record<string, unknown> = {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: rt.review
      ? ['create']
      : rt.noDeleteCollection
        ? RESOURCE_VERBS.filter((v) => v !== 'deletecollection')
        : RESOURCE_VERBS,
  };
  if (rt.shortNames) main.shortNames = rt.shortNames;
  if (rt.categories) main.categories = rt.categories;
  const out: Record<string, unknown>[] = [main];
  for (const sub of rt.subresources) {
    const e: Record<string, unknown> = {
      name: `${rt.plural}/${sub}`,
      singularName: '',
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: ['get', 'patch', 'update'],
    };
    if (sub === 'scale') {
      e.group = 'autoscaling';
      e.version = 'v1';
      e.kind = 'Scale';
    }
    out.push(e);
  }
  if (rt.kind === 'Pod') {
    out.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
  }
  if (rt.kind === 'Namespace') {
    out.push({
      name: 'namespaces/finalize',
      singularName: '',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['update'],
    });
  }
  return out;
}

/** APIResourceList for one group/version, or undefined when we do not serve it. */
export function resourceList(
  group: string,
  version: string,
  types: readonly ResourceType[] = RESOURCES,
) {
  const rts = types.filter((r) => r.group === group && r.version === version);
  if (rts.length === 0) return undefined;
  // The legacy core list has no apiVersion field; group lists do (as the real server answers).
  const head =
    group === '' ? { kind: 'APIResourceList' } : { kind: 'APIResourceList', apiVersion: 'v1' };
  return {
    ...head,
    groupVersion: groupVersion({ group, version }),
    resources: rts.flatMap(entries),
  };
}
