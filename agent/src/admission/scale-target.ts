import type { ClusterCache } from '../kube/cache.js';
import type { ScaleTargetLookup } from './server.js';

const KINDS = new Map([
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
] as const);

/**
 * The workload a `scale` request scales, from the informer cache every replica keeps (so the
 * webhook needs no API call and no extra RBAC), as the API JSON the decision reads: its own
 * annotations, its replicas and its pod template's time bomb. Undefined when not in the cache
 * (the decision then lets the request through).
 */
export function scaleTargetFromCache(cache: ClusterCache): ScaleTargetLookup {
  return (resource, namespace, name) => {
    const kind = resource.group === 'apps' ? KINDS.get(resource.resource as never) : undefined;
    if (kind === undefined) return undefined;
    const workload = cache.workload(kind, namespace, name);
    if (!workload) return undefined;
    return {
      apiVersion: 'apps/v1',
      kind,
      metadata: { name, namespace, annotations: workload.meta.annotations },
      spec: {
        replicas: workload.replicas,
        template: { metadata: { annotations: workload.templateAnnotations ?? {} } },
      },
    };
  };
}
