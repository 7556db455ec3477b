import type { LabelOp } from './label-parser.js';
import { parseLabels } from './label-parser.js';
import type { KubeObject } from './object.js';
import { getPath, isPlainObject } from './object.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';

type Op = LabelOp;
export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}
export type Selector = Requirement[];

/** Parses the `labelSelector` query syntax with the real parser's errors (label-parser.ts). */
export function parseLabelSelector(raw: string | null | undefined): Selector {
  if (!raw) return [];
  try {
    return parseLabels(raw);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
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

/**
 * Types with their own field-label conversion (core/v1, apps/v1, batch/v1 conversion.go): the
 * fields each accepts, and an unknown one is `field label not supported: X`. Every other type
 * takes the default conversion: `metadata.name`/`metadata.namespace` only, and a different
 * message (DefaultMetaV1FieldSelectorConversion).
 */
const FIELDS: Record<string, string[]> = {
  pods: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  namespaces: ['metadata.name', 'status.phase'],
  nodes: ['metadata.name', 'spec.unschedulable'],
  secrets: ['metadata.name', 'metadata.namespace', 'type'],
  services: ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'],
  events: [
    'metadata.name',
    'metadata.namespace',
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
  replicasets: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  jobs: ['metadata.name', 'metadata.namespace', 'status.successful'],
};

/** fields.ParseSelector's term split: on commas not escaped with a backslash. */
function splitTerms(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    if (ch === '\\' && i + 1 < raw.length) {
      cur += ch + (raw[i + 1] ?? '');
      i++;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((t) => t !== '');
}

const unescapeTerm = (v: string) => v.replace(/\\(.)/g, '$1');

export function parseFieldSelector(
  raw: string | null | undefined,
  rt: ResourceType,
): FieldRequirement[] {
  if (!raw) return [];
  const own = FIELDS[rt.plural];
  return splitTerms(raw).map((term) => {
    // The first operator from the left wins, `!=` and `==` before `=`.
    const m = /^((?:[^!=\\]|\\.)*)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw badRequest(`invalid selector: '${raw}'; can't understand '${term}'`);
    const field = unescapeTerm(m[1] ?? '');
    if (own && !own.includes(field)) throw badRequest(`field label not supported: ${field}`);
    if (!own && field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(
        `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    return { field, neq: m[2] === '!=', value: unescapeTerm(m[3] ?? '') };
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
