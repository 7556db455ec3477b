import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';
import { groupVersion } from './resources.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { ApiError, badRequest } from './status.js';
import type { Store } from './store.js';

export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number | undefined;
  continue?: string | null;
  resourceVersion?: string | null;
}

export interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/** Custom resources are unstructured: their list items keep kind/apiVersion, built-ins drop them. */
const UNSTRUCTURED_GROUPS = new Set(['keda.sh']);

export function withType(rt: ResourceType, o: KubeObject): KubeObject {
  return { apiVersion: groupVersion(rt), kind: rt.kind, ...o };
}

function asItem(rt: ResourceType, o: KubeObject): KubeObject {
  if (UNSTRUCTURED_GROUPS.has(rt.group)) return withType(rt, o);
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The real token is base64 JSON {v, rv, start}; clients treat it as opaque but we keep its shape. */
function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }),
  ).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    ) {
      throw new Error('bad shape');
    }
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest(
      `continue key is not valid: invalid continue token "${token}"; start a new list without it`,
    );
  }
}

export function listObjects(
  store: Store,
  rt: ResourceType,
  ns: string | undefined,
  q: ListQuery,
): ListBody {
  const labels = parseLabelSelector(q.labelSelector);
  const fields = parseFieldSelector(q.fieldSelector, rt);
  let listRv = store.currentRv();
  let start = '';
  if (q.continue) {
    const c = decodeContinue(q.continue);
    if (c.rv < store.hub.oldestRv(rt)) throw new ApiError(410, 'Expired', CONTINUE_EXPIRED);
    listRv = c.rv;
    start = c.start;
  }
  const all = store
    .list(rt, ns)
    .filter(
      (o) =>
        (start === '' || keyOf(o) >= start) &&
        matchLabels(labels, o.metadata.labels) &&
        matchFields(fields, o),
    );
  // resourceVersion=0 is served from the watch cache, which in 1.32 ignores limit entirely.
  const fromCache = q.resourceVersion === '0' && !q.continue;
  const limit = q.limit && q.limit > 0 && !fromCache ? q.limit : undefined;
  const page = limit !== undefined ? all.slice(0, limit) : all;
  const metadata: ListBody['metadata'] = { resourceVersion: String(listRv) };
  if (limit !== undefined && all.length > limit) {
    const last = page[page.length - 1];
    if (last) metadata.continue = encodeContinue(listRv, keyOf(last));
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
