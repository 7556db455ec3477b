import { createHash } from 'node:crypto';
import { apiGroupList, resourceList } from './discovery.js';
import { RESOURCES, type ResourceType } from './resources.js';

/**
 * Aggregated discovery (apidiscovery.k8s.io v2, and v2beta1 which 1.32 still serves): the whole
 * of `/api` or `/apis` in one document, so kubectl and client-go need no request per group
 * version. Built from the same legacy resource lists the per-version endpoints answer.
 */
export type DiscoveryVersion = 'v2' | 'v2beta1';

const GROUP = 'apidiscovery.k8s.io';
const KIND = 'APIGroupDiscoveryList';

interface LegacyResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
  shortNames?: string[];
  categories?: string[];
}

/**
 * negotiation.NegotiateMediaTypeOptions with the discovery endpoint's restrictions: the first
 * Accept clause (by q) the server can serve decides. One asking for APIGroupDiscoveryList in a
 * version it serves (as JSON, the only encoding here) gets the aggregated document; a plain
 * JSON or wildcard clause gets the legacy one; an aggregated clause it cannot serve is skipped.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryVersion | undefined {
  const clauses = (accept ?? '')
    .split(',')
    .map((raw, i) => {
      const [type = '', ...params] = raw.split(';').map((p) => p.trim());
      const p = new Map(
        params.map((kv) => {
          const at = kv.indexOf('=');
          return [kv.slice(0, at).trim(), kv.slice(at + 1).trim()] as const;
        }),
      );
      const q = p.has('q') ? Number(p.get('q')) : 1;
      return { type: type.toLowerCase(), p, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((c) => c.type !== '' && c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const c of clauses) {
    const json = c.type === 'application/json' || c.type === 'application/*' || c.type === '*/*';
    if (!json) continue;
    if (!c.p.has('as')) return undefined;
    const v = c.p.get('v');
    if (c.p.get('as') === KIND && c.p.get('g') === GROUP && (v === 'v2' || v === 'v2beta1'))
      return v;
  }
  return undefined;
}

/** The Content-Type an aggregated answer carries, which clients check before decoding it. */
export function discoveryContentType(v: DiscoveryVersion): string {
  return `application/json;g=${GROUP};v=${v};as=${KIND}`;
}

/** ConvertGroupVersionIntoToDiscovery: subresources folded into their parent resource. */
function resourcesOf(legacy: LegacyResource[]) {
  const kindOf = (r: LegacyResource) => ({
    group: r.group ?? '',
    version: r.version ?? '',
    kind: r.kind,
  });
  const out: Record<string, unknown>[] = [];
  const parents = new Map<string, Record<string, unknown>>();
  for (const r of legacy) {
    if (r.name.includes('/')) continue;
    const d: Record<string, unknown> = {
      resource: r.name,
      responseKind: kindOf(r),
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singularName,
      verbs: r.verbs,
    };
    if (r.shortNames) d.shortNames = r.shortNames;
    if (r.categories) d.categories = r.categories;
    out.push(d);
    parents.set(r.name, d);
  }
  for (const r of legacy) {
    const [parent = '', sub] = r.name.split('/', 2);
    if (sub === undefined) continue;
    const p = parents.get(parent);
    if (!p) continue;
    const subs = (p.subresources as unknown[] | undefined) ?? [];
    subs.push({ subresource: sub, responseKind: kindOf(r), verbs: r.verbs });
    p.subresources = subs;
  }
  return out;
}

function groupDiscovery(name: string, versions: string[], types: readonly ResourceType[]) {
  return {
    // ObjectMeta's creationTimestamp has no omitempty for a zero time: it encodes as null.
    metadata: name === '' ? { creationTimestamp: null } : { name, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resourcesOf(
        (resourceList(name, version, types)?.resources ?? []) as unknown as LegacyResource[],
      ),
      freshness: 'Current',
    })),
  };
}

/** The aggregated document of `/api` (the core group) or `/apis` (every named group). */
export function aggregatedDiscovery(
  path: '/api' | '/apis',
  v: DiscoveryVersion,
  types: readonly ResourceType[] = RESOURCES,
) {
  const items =
    path === '/api'
      ? [groupDiscovery('', ['v1'], types)]
      : apiGroupList(types).groups.map((g) =>
          groupDiscovery(
            g.name,
            g.versions.map((x) => x.version),
            types,
          ),
        );
  return { kind: KIND, apiVersion: `${GROUP}/${v}`, metadata: {}, items };
}

/** calculateETag: the SHA-512 of the document, upper-case hex (quoted when sent). */
export function discoveryETag(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}
