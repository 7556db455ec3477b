import { bytes, cpuMillis } from './quantity.js';
import type {
  CronJobObject,
  Meta,
  NamespaceObject,
  NamespaceTermination,
  PodObject,
  WatchedKind,
  WatchedObject,
  WorkloadObject,
} from './types.js';

/**
 * Raw API objects (JSON from LISTs and watch events) reduced to the agent's small shapes, the
 * fields the agent reads and nothing more (at 20,000 Pods every byte per object is 20 kB).
 */
interface RawMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  deletionTimestamp?: unknown;
}

interface RawObject {
  metadata?: RawMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/**
 * The one empty label or annotation map every object without any shares. Frozen: a cached
 * object is never edited in place (writes go to the API server and come back as new objects),
 * and one that were would throw here rather than change every other object's labels.
 */
export const NONE: Readonly<Record<string, string>> = Object.freeze({});

function copied(map: Record<string, string> | undefined): Record<string, string> {
  if (!map) return NONE;
  for (const _ in map) return { ...map };
  return NONE;
}

export function toMeta(metadata: RawMeta | undefined): Meta {
  return {
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    labels: copied(metadata?.labels),
    annotations: copied(metadata?.annotations),
    resourceVersion: metadata?.resourceVersion ?? '',
    deleting: metadata?.deletionTimestamp != null,
  };
}

export function toNamespace(input: unknown): NamespaceObject {
  const raw = input as RawObject;
  const meta = toMeta(raw.metadata);
  const phase = raw.status?.phase === 'Terminating' ? 'Terminating' : 'Active';
  const namespace: NamespaceObject = { kind: 'Namespace', meta, phase };
  if (phase === 'Terminating' || meta.deleting) namespace.termination = toTermination(raw);
  return namespace;
}

/**
 * Only for namespaces being deleted (a handful at a time): the finalizers that hold it and the
 * conditions the namespace controller writes (pkg/controller/namespace/deletion), which name
 * what content remains and which finalizers keep it.
 */
function toTermination(raw: RawObject): NamespaceTermination {
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const metadata = raw.metadata as (RawMeta & { finalizers?: unknown }) | undefined;
  const conditions = (raw.status?.conditions as Record<string, unknown>[] | undefined) ?? [];
  // A typed list item carries a Date, a watch event the RFC 3339 string.
  const at = metadata?.deletionTimestamp;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : NaN;
  return {
    ...(Number.isFinite(ms) ? { deletionStartedAt: ms } : {}),
    finalizers: [...new Set([...strings(raw.spec?.finalizers), ...strings(metadata?.finalizers)])],
    conditions: conditions
      .filter((c) => typeof c.type === 'string' && typeof c.status === 'string')
      .map((c) => ({
        type: c.type as string,
        status: c.status as string,
        ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
        ...(typeof c.message === 'string' ? { message: c.message } : {}),
      })),
  };
}

export function toWorkload(kind: WorkloadObject['kind'], input: unknown): WorkloadObject {
  const raw = input as RawObject;
  const replicas = raw.spec?.replicas;
  const ready = raw.status?.readyReplicas;
  const template = raw.spec?.template as { metadata?: RawMeta } | undefined;
  return {
    kind,
    meta: toMeta(raw.metadata),
    // The API defaults an omitted spec.replicas to 1.
    replicas: typeof replicas === 'number' ? replicas : 1,
    readyReplicas: typeof ready === 'number' ? ready : 0,
    templateAnnotations: curfewOnly(template?.metadata?.annotations),
  };
}

export function toCronJob(input: unknown): CronJobObject {
  const raw = input as RawObject;
  return { kind: 'CronJob', meta: toMeta(raw.metadata), suspend: raw.spec?.suspend === true };
}

interface RawContainer {
  resources?: { requests?: Record<string, string> };
}

export function toPod(input: unknown): PodObject {
  const raw = input as RawObject;
  const containers = (raw.spec?.containers as RawContainer[] | undefined) ?? [];
  let cpu = 0;
  let memory = 0;
  for (const container of containers) {
    cpu += cpuMillis(container.resources?.requests?.cpu);
    memory += bytes(container.resources?.requests?.memory);
  }
  const conditions =
    (raw.status?.conditions as { type?: string; status?: string }[] | undefined) ?? [];
  // 20,000 pods: keep only Curfew's own annotations (time bombs) and no labels.
  const metadata = raw.metadata;
  const meta: Meta = {
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    labels: NONE,
    annotations: curfewOnly(metadata?.annotations),
    resourceVersion: metadata?.resourceVersion ?? '',
    deleting: metadata?.deletionTimestamp != null,
  };
  const owners = (raw.metadata as { ownerReferences?: unknown[] } | undefined)?.ownerReferences;
  return {
    kind: 'Pod',
    meta,
    owned: (owners?.length ?? 0) > 0,
    phase: typeof raw.status?.phase === 'string' ? raw.status.phase : 'Pending',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    cpuMillis: cpu,
    memoryBytes: memory,
  };
}

/** Only Curfew's own annotations: the rest (often large, e.g. last-applied) is never read. */
function curfewOnly(annotations: Record<string, string> | undefined): Record<string, string> {
  let ours: Record<string, string> | undefined;
  for (const key in annotations) {
    if (!key.startsWith('curfew.dev/')) continue;
    ours ??= {};
    ours[key] = annotations[key] as string;
  }
  return ours ?? NONE;
}

export function convert(kind: WatchedKind, object: unknown): WatchedObject {
  // Already the agent's shape (a paged LIST reduces each page as it comes): nothing to reduce.
  if (isConverted(kind, object)) return object;
  switch (kind) {
    case 'Namespace':
      return toNamespace(object);
    case 'Deployment':
    case 'StatefulSet':
      return toWorkload(kind, object);
    case 'CronJob':
      return toCronJob(object);
    case 'Pod':
      return toPod(object);
  }
}

function isConverted(kind: WatchedKind, object: unknown): object is WatchedObject {
  // API objects carry `metadata`; only the agent's own shapes carry `meta`.
  return (
    typeof object === 'object' &&
    object !== null &&
    'meta' in object &&
    (object as { kind?: unknown }).kind === kind
  );
}
