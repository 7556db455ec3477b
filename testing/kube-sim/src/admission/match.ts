import type { AdmissionAttributes } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { fromLabelSelector, matchLabels } from '../selectors.js';

function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function resourceMatches(patterns: string[], resource: string, sub: string): boolean {
  return patterns.some((p) => {
    const [pr, ps] = p.split('/') as [string, string | undefined];
    if (ps === undefined) return sub === '' && (pr === '*' || pr === resource);
    return (pr === '*' || pr === resource) && (ps === '*' || ps === sub);
  });
}

/** One webhook's `rules`: operations, apiGroups, apiVersions, resources (with subresources), scope. */
export function rulesMatch(hook: Record<string, unknown>, a: AdmissionAttributes): boolean {
  const rules = Array.isArray(hook.rules) ? hook.rules : [];
  return rules.some((r) => {
    if (!isPlainObject(r)) return false;
    const ops = listOf(r.operations);
    if (!ops.includes('*') && !ops.includes(a.operation)) return false;
    const groups = listOf(r.apiGroups);
    if (!groups.includes('*') && !groups.includes(a.rt.group)) return false;
    const versions = listOf(r.apiVersions);
    if (!versions.includes('*') && !versions.includes(a.rt.version)) return false;
    if (!resourceMatches(listOf(r.resources), a.rt.plural, a.subresource)) return false;
    const scope = typeof r.scope === 'string' ? r.scope : '*';
    if (scope === 'Cluster' && a.rt.namespaced) return false;
    if (scope === 'Namespaced' && !a.rt.namespaced) return false;
    return true;
  });
}

/**
 * namespaceSelector is checked against the namespace's labels; for a cluster-scoped object it
 * only applies to Namespaces themselves (their own labels), as kube-apiserver does.
 */
export function namespaceMatches(
  hook: Record<string, unknown>,
  a: AdmissionAttributes,
  namespaceLabels: (name: string) => Record<string, string> | undefined,
): boolean {
  const sel = fromLabelSelector(hook.namespaceSelector) ?? [];
  if (sel.length === 0) return true;
  if (a.rt.kind === 'Namespace') {
    const o = a.object ?? a.oldObject;
    return matchLabels(sel, o?.metadata.labels);
  }
  if (!a.rt.namespaced) return true;
  return matchLabels(sel, namespaceLabels(a.namespace) ?? {});
}

export function objectMatches(hook: Record<string, unknown>, a: AdmissionAttributes): boolean {
  const sel = fromLabelSelector(hook.objectSelector) ?? [];
  if (sel.length === 0) return true;
  const labels = (o: KubeObject | undefined) => o?.metadata.labels;
  return (
    (a.object !== undefined && matchLabels(sel, labels(a.object))) ||
    (a.oldObject !== undefined && matchLabels(sel, labels(a.oldObject)))
  );
}
