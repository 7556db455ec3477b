import { z } from 'zod';
import { defineRoute } from '../route.js';
import { clusterId } from '../schemas.js';

const reconcilerKind = z.enum(['Application', 'Kustomization', 'HelmRelease']);

/**
 * The GitOps reconcilers Curfew paused so they do not undo suspends, as the agents last reported
 * them in their namespaces' snapshots: one entry per reconciler however many namespaces it is
 * paused for. An entry that stays while its namespaces run again is what an operator looks at
 * (the agent's sweep restores such ones; this lists what is left).
 */
export const listPausedReconcilers = defineRoute({
  method: 'get',
  path: '/paused-reconcilers',
  operationId: 'listPausedReconcilers',
  summary: 'Argo CD Applications and Flux Kustomizations/HelmReleases Curfew paused for suspends',
  role: 'read',
  query: z.object({ cluster: clusterId.optional() }),
  responses: {
    200: {
      description: 'Paused reconcilers, by cluster, kind, namespace and name',
      schema: z.object({
        reconcilers: z.array(
          z.object({
            cluster: z.string(),
            kind: reconcilerKind.meta({
              description: 'Application (Argo CD), Kustomization or HelmRelease (Flux)',
            }),
            namespace: z.string().meta({ description: 'Where the reconciler object lives' }),
            name: z.string(),
            pausedFor: z.array(z.string()).meta({
              description: 'The suspended namespaces it is paused for (it deploys to all of them)',
            }),
            seenAt: z.iso.datetime().meta({ description: 'When an agent last reported it' }),
          }),
        ),
      }),
    },
  },
  async handle({ query }, deps) {
    const entries = await deps.snapshots.list(query.cluster ? { clusterId: query.cluster } : {});
    const found = new Map<
      string,
      {
        cluster: string;
        kind: z.infer<typeof reconcilerKind>;
        namespace: string;
        name: string;
        pausedFor: string[];
        seenAt: number;
      }
    >();
    for (const entry of entries) {
      for (const r of entry.summary.pausedReconcilers) {
        const kind = reconcilerKind.safeParse(r.kind);
        if (!kind.success) continue;
        const key = `${entry.clusterId}/${r.kind}/${r.namespace}/${r.name}`;
        const known = found.get(key);
        if (known && known.seenAt >= entry.seenAt) continue;
        found.set(key, {
          cluster: entry.clusterId,
          kind: kind.data,
          namespace: r.namespace,
          name: r.name,
          pausedFor: [...r.pausedFor].sort(),
          seenAt: entry.seenAt,
        });
      }
    }
    const reconcilers = [...found.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, r]) => ({ ...r, seenAt: new Date(r.seenAt).toISOString() }));
    return { status: 200, body: { reconcilers } };
  },
});
