import { parseAllDocuments } from 'yaml';
import type { Api } from './api.js';
import { isPlainObject } from './object.js';
import { findByKind } from './resources.js';

/** Creates every object in a multi-document YAML string, namespaces first. */
export async function loadFixture(api: Api, yamlText: string): Promise<number> {
  const docs = parseAllDocuments(yamlText).map((d) => d.toJS() as unknown);
  const objs = docs.flatMap((d) =>
    isPlainObject(d) && d.kind === 'List' && Array.isArray(d.items) ? d.items : [d],
  );
  const ordered = [...objs].sort((a, b) => rank(a) - rank(b));
  let n = 0;
  for (const o of ordered) {
    if (!isPlainObject(o)) continue;
    const rt = findByKind(String(o.apiVersion), String(o.kind));
    if (!rt) {
      throw new Error(
        `kube-sim fixture: ${String(o.apiVersion)} ${String(o.kind)} is not a simulated type; see README for the list`,
      );
    }
    const meta = isPlainObject(o.metadata) ? o.metadata : {};
    // Fixtures are often `kubectl get -o yaml` output: drop what only the server may set.
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'generation'])
      delete meta[k];
    const ns = rt.namespaced ? String(meta.namespace ?? 'default') : '';
    await api.create(rt, ns, o);
    n++;
  }
  return n;
}

function rank(o: unknown): number {
  return isPlainObject(o) && o.kind === 'Namespace' ? 0 : 1;
}
