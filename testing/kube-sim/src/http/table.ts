import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { groupVersion } from '../resources.js';
import { badRequest } from '../status.js';
import { age, name } from './table-cells.js';
import { COLUMNS } from './table-columns.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** `?includeObject`: Metadata by default; anything else is the real 400. */
export function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject') ?? '';
  if (v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw badRequest(
    `includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "Metadata", "None", "Object"`,
  );
}

function rowObject(rt: ResourceType, o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return { apiVersion: groupVersion(rt), kind: rt.kind, ...o };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/**
 * A meta.k8s.io/v1 Table, what kubectl asks for (`as=Table`) when it prints columns; a list's
 * `continue` and `remainingItemCount` carry over, and each row holds what `includeObject` asks.
 */
export function toTable(
  rt: ResourceType,
  items: KubeObject[],
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  now: number,
  include: IncludeObject = 'Metadata',
) {
  const cols = COLUMNS[rt.kind] ?? [name, age];
  const metadata: Record<string, unknown> = { resourceVersion: listMeta.resourceVersion ?? '' };
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined)
    metadata.remainingItemCount = listMeta.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: items.map((o) => {
      const object = rowObject(rt, o, include);
      const cells = cols.map((c) => c.cell(o, now));
      return object === undefined ? { cells } : { cells, object };
    }),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',')[0]?.includes('as=Table') ?? false;
}
