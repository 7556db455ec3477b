import type { KubeObject } from './object.js';
import { getPath, isPlainObject } from './object.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';

type Op = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists' | 'gt' | 'lt';
export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}
export type Selector = Requirement[];

/** Splits on commas that are not inside `(...)`, as `a in (x,y),b` needs. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

/** Parses the `labelSelector` query syntax (k8s.io/apimachinery/pkg/labels). */
export function parseLabelSelector(raw: string | null | undefined): Selector {
  if (!raw) return [];
  return splitTop(raw).map((term) => {
    let m = /^([^\s!=<>]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = (m[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      return { key: m[1] ?? '', op: m[2] as Op, values };
    }
    m = /^([^\s!=<>]+)\s*(==|=|!=|>|<)\s*([^\s]*)$/.exec(term);
    if (m) {
      const op: Op = m[2] === '!=' ? 'neq' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : 'eq';
      return { key: m[1] ?? '', op, values: [m[3] ?? ''] };
    }
    m = /^(!?)([^\s!=<>(),]+)$/.exec(term);
    if (m) return { key: m[2] ?? '', op: m[1] ? 'notexists' : 'exists', values: [] };
    throw badRequest(
      `unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  });
}

export function matchLabels(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((req) => {
    const has = Object.hasOwn(l, req.key);
    const v = l[req.key];
    switch (req.op) {
      case 'eq':
      case 'in':
        return has && req.values.includes(v ?? '');
      case 'neq':
      case 'notin':
        return !has || !req.values.includes(v ?? '');
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'gt':
        return has && Number(v) > Number(req.values[0]);
      case 'lt':
        return has && Number(v) < Number(req.values[0]);
    }
    return false;
  });
}

/** metav1.LabelSelector (matchLabels + matchExpressions), used by controllers and webhooks. */
export function fromLabelSelector(ls: unknown): Selector | undefined {
  if (ls === undefined || ls === null) return undefined;
  if (!isPlainObject(ls)) return [];
  const out: Selector = [];
  const ml = ls.matchLabels;
  if (isPlainObject(ml)) {
    for (const [k, v] of Object.entries(ml)) out.push({ key: k, op: 'eq', values: [String(v)] });
  }
  const me = ls.matchExpressions;
  if (Array.isArray(me)) {
    for (const e of me) {
      if (!isPlainObject(e)) continue;
      const op = String(e.operator);
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const key = String(e.key);
      if (op === 'In') out.push({ key, op: 'in', values });
      else if (op === 'NotIn') out.push({ key, op: 'notin', values });
      else if (op === 'Exists') out.push({ key, op: 'exists', values });
      else if (op === 'DoesNotExist') out.push({ key, op: 'notexists', values });
    }
  }
  return out;
}

export interface FieldRequirement {
  field: string;
  neq: boolean;
  value: string;
}

/** Fields each type can be filtered on, as the real registries declare them. */
const FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  namespaces: ['status.phase'],
  secrets: ['type'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  replicasets: ['status.replicas'],
  jobs: ['status.successful'],
  nodes: ['spec.unschedulable'],
};

export function parseFieldSelector(
  raw: string | null | undefined,
  rt: ResourceType,
): FieldRequirement[] {
  if (!raw) return [];
  const allowed = [
    'metadata.name',
    ...(rt.namespaced ? ['metadata.namespace'] : []),
    ...(FIELDS[rt.plural] ?? []),
  ];
  return splitTop(raw).map((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
    const field = (m[1] ?? '').trim();
    if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, neq: m[2] === '!=', value: (m[3] ?? '').trim() };
  });
}

export function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') return String(getPath(obj, 'source.component') ?? '');
  const v = getPath(obj, field);
  if (v === undefined || v === null) return '';
  return String(v);
}

export function matchFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) !== r.neq);
}
