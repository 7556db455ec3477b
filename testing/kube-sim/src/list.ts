import type { ReadQuery } from './list-read.js';
import { encodeContinue, objectsAt, readPoint } from './list-read.js';
import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';
import { groupVersion } from './resources.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { Store } from './store.js';

export interface ListQuery extends ReadQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

export interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

export function withType(rt: ResourceType, o: KubeObject): KubeObject {
  return { apiVersion: groupVersion(rt), kind: rt.kind, ...o };
}

function asItem(rt: ResourceType, o: KubeObject): KubeObject {
  // Custom resources are unstructured: their list items keep kind/apiVersion, built-ins drop them.
  if (rt.custom) return withType(rt, o);
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/**
 * A LIST: the objects at the read point (latest, or a past revision for Exact reads and
 * continued pages), filtered by selectors, paged with limit/continue.
 */
export function listObjects(
  store: Store,
  rt: ResourceType,
  ns: string | undefined,
  q: ListQuery,
): ListBody {
  const labels = parseLabelSelector(q.labelSelector);
  const fields = parseFieldSelector(q.fieldSelector, rt);
  const read = readPoint(store, rt, q);
  const source = read.at === undefined ? store.list(rt, ns) : objectsAt(store, rt, ns, read.at);
  const all = source.filter(
    (o) =>
      (read.start === '' || keyOf(o) >= read.start) &&
      matchLabels(labels, o.metadata.labels) &&
      matchFields(fields, o),
  );
  const limit = read.limit;
  const page = limit !== undefined ? all.slice(0, limit) : all;
  const metadata: ListBody['metadata'] = { resourceVersion: String(read.listRv) };
  if (limit !== undefined && all.length > limit) {
    const last = page[page.length - 1];
    if (last) metadata.continue = encodeContinue(read.listRv, `${keyOf(last)}\u0000`);
    // etcd counts the rest only without selectors, so the real server omits it otherwise.
    if (labels.length === 0 && fields.length === 0)
      metadata.remainingItemCount = all.length - limit;
  }
  return {
    kind: `${rt.kind}List`,
    apiVersion: groupVersion(rt),
    metadata,
    items: page.map((o) => asItem(rt, o)),
  };
}
