import { parseAllDocuments } from 'yaml';
import type { Api } from './api.js';
import { servedTypes } from './custom-resources.js';
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
    // CRDs load first (rank), so the custom resources after them find their type.
    const rt = findByKind(String(o.apiVersion), String(o.kind), servedTypes(api.store));
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
  if (!isPlainObject(o)) return 2;
  if (o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition') return 0;
  return 1;
}
