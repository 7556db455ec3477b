import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import type { ResourceType } from '../resources.js';

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: number) => string | number;
}

/** kubectl's short age format (`5s`, `3m`, `2d`), what the server-side printers emit. */
export function shortAge(createdIso: string | undefined, now: number): string {
  if (!createdIso) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(createdIso)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  cell: (o) => o.metadata.name ?? '',
};
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => shortAge(o.metadata.creationTimestamp, now),
};

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  return String(o.status?.phase ?? 'Pending');
}

function podReady(o: KubeObject): string {
  const cs = Array.isArray(o.spec?.containers) ? o.spec.containers.length : 0;
  const st = Array.isArray(o.status?.containerStatuses) ? o.status.containerStatuses : [];
  const ready = st.filter((c) => isPlainObject(c) && c.ready === true).length;
  return `${ready}/${cs}`;
}

function servicePorts(o: KubeObject): string {
  const ports = Array.isArray(o.spec?.ports) ? o.spec.ports : [];
  const out = ports
    .filter(isPlainObject)
    .map(
      (p) =>
        `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`,
    );
  return out.length > 0 ? out.join(',') : '<none>';
}

function jobStatus(o: KubeObject): string {
  const conds = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  const has = (t: string) =>
    conds.some((c) => isPlainObject(c) && c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

function duration(o: KubeObject, now: number): string {
  const start = o.status?.startTime;
  if (typeof start !== 'string') return '';
  const end =
    typeof o.status?.completionTime === 'string' ? Date.parse(o.status.completionTime) : now;
  return shortAge(start, end);
}

const COLUMNS: Record<string, Column[]> = {
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => String(o.spec?.type ?? 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => String(o.spec?.clusterIP ?? '<none>') },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
  ],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(isPlainObject(o.data) ? o.data : {}).length,
    },
    age,
  ],
  ServiceAccount: [
    name,
    {
      name: 'Secrets',
      type: 'integer',
      cell: (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0),
    },
    age,
  ],
  Job: [
    name,
    { name: 'Status', type: 'string', cell: jobStatus },
    {
      name: 'Completions',
      type: 'string',
      cell: (o) => `${num(o.status?.succeeded)}/${num(o.spec?.completions ?? 1)}`,
    },
    { name: 'Duration', type: 'string', cell: duration },
    age,
  ],
  CronJob: [
    name,
    { name: 'Schedule', type: 'string', cell: (o) => String(o.spec?.schedule ?? '') },
    { name: 'Timezone', type: 'string', cell: (o) => String(o.spec?.timeZone ?? '<none>') },
    { name: 'Suspend', type: 'string', cell: (o) => (o.spec?.suspend === true ? 'True' : 'False') },
    {
      name: 'Active',
      type: 'integer',
      cell: (o) => (Array.isArray(o.status?.active) ? o.status.active.length : 0),
    },
    {
      name: 'Last Schedule',
      type: 'string',
      cell: (o, now) =>
        typeof o.status?.lastScheduleTime === 'string'
          ? shortAge(o.status.lastScheduleTime, now)
          : '<none>',
    },
    age,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o, now) =>
        shortAge(String(o.lastTimestamp ?? o.metadata.creationTimestamp ?? ''), now),
    },
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
    {
      name: 'Object',
      type: 'string',
      cell: (o) => {
        const io = isPlainObject(o.involvedObject) ? o.involvedObject : {};
        return `${String(io.kind ?? '').toLowerCase()}/${String(io.name ?? '')}`;
      },
    },
    { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
  ],
  Lease: [
    name,
    { name: 'Holder', type: 'string', cell: (o) => String(o.spec?.holderIdentity ?? '') },
    age,
  ],
  Node: [
    name,
    { name: 'Status', type: 'string', cell: () => 'Ready' },
    { name: 'Roles', type: 'string', cell: () => 'control-plane' },
    age,
    { name: 'Version', type: 'string', cell: () => 'v1.32.4' },
  ],
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: () => '0' },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => String(o.status?.podIP ?? '<none>') },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: (o) => String(o.spec?.nodeName ?? '<none>'),
    },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => String(o.status?.phase ?? '') },
    age,
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(o.status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => num(o.status?.availableReplicas) },
    age,
  ],
  StatefulSet: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    },
    age,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(o.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: (o) => num(o.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => num(o.status?.readyReplicas) },
    age,
  ],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(isPlainObject(o.data) ? o.data : {}).length,
    },
    age,
  ],
};

/** A meta.k8s.io/v1 Table, what kubectl asks for (`as=Table`) when it prints columns. */
export function toTable(
  rt: ResourceType,
  items: KubeObject[],
  rv: string,
  now: number,
  cont?: string,
) {
  const cols = COLUMNS[rt.kind] ?? [name, age];
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (cont) metadata.continue = cont;
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
    rows: items.map((o) => ({
      cells: cols.map((c) => c.cell(o, now)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',')[0]?.includes('as=Table') ?? false;
}
