import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import { ApiError } from '../status.js';
import type { Controller, ControllerContext } from './runtime.js';

const NS = mustResource('', 'namespaces');
const SA = mustResource('', 'serviceaccounts');
const CM = mustResource('', 'configmaps');

/**
 * What every namespace gets on a real cluster within a second of creation: the `default`
 * ServiceAccount (serviceaccount-controller) and the `kube-root-ca.crt` ConfigMap
 * (root-ca-cert-publisher). Clients listing a fresh namespace see them, so the simulator
 * makes them too.
 */
export function namespaceContentController(ctx: ControllerContext, caPem: string): Controller {
  return {
    name: 'namespace-content',
    keysFor(rt: ResourceType, type: string, obj: KubeObject) {
      if (rt === NS && type === 'ADDED') return [obj.metadata.name ?? ''];
      if (
        (rt === SA && obj.metadata.name === 'default') ||
        (rt === CM && obj.metadata.name === 'kube-root-ca.crt')
      ) {
        return type === 'DELETED' ? [obj.metadata.namespace ?? ''] : [];
      }
      return [];
    },
    async reconcile(name) {
      const ns = ctx.api.store.get(NS, '', name);
      if (!ns || ns.metadata.deletionTimestamp) return;
      const ignoreExists = (e: unknown) => {
        if (!(e instanceof ApiError && (e.code === 409 || e.code === 403 || e.code === 404)))
          throw e;
      };
      if (!ctx.api.store.get(SA, name, 'default')) {
        await ctx.api
          .create(
            SA,
            name,
            { metadata: { name: 'default' } },
            { user: controllerUser('service-account-controller') },
          )
          .catch(ignoreExists);
      }
      if (!ctx.api.store.get(CM, name, 'kube-root-ca.crt')) {
        await ctx.api
          .create(
            CM,
            name,
            {
              metadata: {
                name: 'kube-root-ca.crt',
                annotations: {
                  'kubernetes.io/description':
                    'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
                },
              },
              data: { 'ca.crt': caPem },
            },
            { user: controllerUser('root-ca-cert-publisher') },
          )
          .catch(ignoreExists);
      }
    },
  };
}
