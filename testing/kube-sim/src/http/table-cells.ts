import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';

// The cells the server-side printers compute (ages, pod readiness, service ports, selectors …)
// and the columns several kinds share; table-columns.ts assembles them per kind.

export interface Column {
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

export const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  cell: (o) => o.metadata.name ?? '',
};
export const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => shortAge(o.metadata.creationTimestamp, now),
};

export function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  return String(o.status?.phase ?? 'Pending');
}

export function podReady(o: KubeObject): string {
  const cs = Array.isArray(o.spec?.containers) ? o.spec.containers.length : 0;
  const st = Array.isArray(o.status?.containerStatuses) ? o.status.containerStatuses : [];
  const ready = st.filter((c) => isPlainObject(c) && c.ready === true).length;
  return `${ready}/${cs}`;
}

export function servicePorts(o: KubeObject): string {
  const ports = Array.isArray(o.spec?.ports) ? o.spec.ports : [];
  const out = ports
    .filter(isPlainObject)
    .map(
      (p) =>
        `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`,
    );
  return out.length > 0 ? out.join(',') : '<none>';
}

/** printService's External-IP: a pending LoadBalancer says so; ExternalName shows its name. */
export function externalIp(o: KubeObject): string {
  const ext = dig(o.spec, 'externalIPs');
  const ips = Array.isArray(ext) ? ext.map(String) : [];
  const type = String(o.spec?.type ?? 'ClusterIP');
  if (type === 'ExternalName') return String(o.spec?.externalName ?? '<none>');
  if (type === 'LoadBalancer') {
    const ingress = dig(o.status, 'loadBalancer', 'ingress');
    const lb = Array.isArray(ingress)
      ? ingress.filter(isPlainObject).map((i) => String(i.ip ?? i.hostname ?? ''))
      : [];
    const all = [...lb, ...ips].filter((x) => x !== '');
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  return ips.length > 0 ? ips.join(',') : '<none>';
}

export function jobStatus(o: KubeObject): string {
  const conds = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  const has = (t: string) =>
    conds.some((c) => isPlainObject(c) && c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

export function duration(o: KubeObject, now: number): string {
  const start = o.status?.startTime;
  if (typeof start !== 'string') return '';
  const end =
    typeof o.status?.completionTime === 'string' ? Date.parse(o.status.completionTime) : now;
  return shortAge(start, end);
}

/** The value at a path of nested objects, or undefined. */
export function dig(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = isPlainObject(cur) ? cur[k] : undefined;
  return cur;
}

export function nodeAddress(o: KubeObject, type: string): string {
  const list = dig(o.status, 'addresses');
  const hit = Array.isArray(list)
    ? list.find((a) => isPlainObject(a) && a.type === type)
    : undefined;
  return isPlainObject(hit) ? String(hit.address ?? '<none>') : '<none>';
}

/** A workload's own spec: a CronJob's is its Job template's. */
function workloadSpec(o: KubeObject): unknown {
  return o.kind === 'CronJob' ? dig(o.spec, 'jobTemplate', 'spec') : o.spec;
}

function templateContainers(o: KubeObject): Record<string, unknown>[] {
  const cs = dig(workloadSpec(o), 'template', 'spec', 'containers');
  return Array.isArray(cs) ? cs.filter(isPlainObject) : [];
}

/** metav1.FormatLabelSelector: `a=b,c in (d,e)`, `<none>` when empty. */
function formatSelector(sel: unknown): string {
  if (!isPlainObject(sel)) return '<none>';
  const parts: string[] = [];
  const ml = isPlainObject(sel.matchLabels) ? sel.matchLabels : {};
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${String(ml[k])}`);
  const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isPlainObject) : [];
  for (const e of me) {
    const vals = Array.isArray(e.values) ? [...e.values].map(String).sort().join(',') : '';
    const op = String(e.operator ?? '');
    if (op === 'Exists') parts.push(String(e.key));
    else if (op === 'DoesNotExist') parts.push(`!${String(e.key)}`);
    else parts.push(`${String(e.key)} ${op === 'NotIn' ? 'notin' : 'in'} (${vals})`);
  }
  return parts.length > 0 ? parts.join(',') : '<none>';
}

/** labels.FormatLabels for a Service's plain-map selector. */
export function formatLabels(m: unknown): string {
  if (!isPlainObject(m) || Object.keys(m).length === 0) return '<none>';
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${String(m[k])}`)
    .join(',');
}

// The `-o wide` columns the real workload printers add (priority 1).
export const containersCol: Column = {
  name: 'Containers',
  type: 'string',
  priority: 1,
  cell: (o) =>
    templateContainers(o)
      .map((c) => String(c.name ?? ''))
      .join(','),
};
export const imagesCol: Column = {
  name: 'Images',
  type: 'string',
  priority: 1,
  cell: (o) =>
    templateContainers(o)
      .map((c) => String(c.image ?? ''))
      .join(','),
};
export const selectorCol: Column = {
  name: 'Selector',
  type: 'string',
  priority: 1,
  cell: (o) => formatSelector(dig(workloadSpec(o), 'selector')),
};
