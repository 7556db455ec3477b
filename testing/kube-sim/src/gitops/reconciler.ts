/**
 * A simulated GitOps reconciler for tests: Argo CD with auto-sync and self-heal, and Flux's
 * kustomize/helm controllers. It is not part of the API server; it acts on the simulator's store
 * the way those controllers act on a cluster:
 * - "Git" is what a test declares with `git(ref, workloads)`: Deployments and their replica counts;
 * - while the reconciler object is active (an Application with `syncPolicy.automated.selfHeal`
 *   and no `argocd.argoproj.io/skip-reconcile`, a Kustomization/HelmRelease without
 *   `spec.suspend: true`) it creates the missing Deployments, labelled as the real controllers
 *   label what they apply, and puts any other replica count straight back to Git's — at once,
 *   harsher than Argo CD's 5-second self-heal delay or Flux's interval;
 * - it reports what it applies in the object's status (Application `status.resources`,
 *   Kustomization `status.inventory`), as the real ones do.
 * A paused one leaves everything alone, so a test whose suspend forgets to pause it fails.
 */
import { controllerUser } from '../admission-types.js';
import type { Api } from '../api.js';
import { servedTypes } from '../custom-resources.js';
import { isPlainObject, type KubeObject } from '../object.js';
import { findResource, mustResource, type ResourceType } from '../resources.js';
import { ApiError } from '../status.js';
import { GITOPS_RESOURCES, type GitOpsKind } from './crds.js';

const DEPLOY = mustResource('apps', 'deployments');
const NAMESPACES = mustResource('', 'namespaces');
const ARGOCD_NAMESPACE = 'argocd';

export interface GitOpsRef {
  kind: GitOpsKind;
  namespace: string;
  name: string;
}

/** A Deployment as Git declares it. */
export interface GitWorkload {
  namespace: string;
  name: string;
  replicas: number;
}

export interface Revert {
  by: string;
  namespace: string;
  name: string;
  from: number;
  to: number;
}

export interface SimulatedGitOps {
  /** Declares what Git holds for a reconciler (replacing what it held) and reconciles it. */
  git(ref: GitOpsRef, workloads: readonly GitWorkload[]): Promise<void>;
  /** Every scale-down (or up) it put back to Git's count, in order. */
  readonly reverts: readonly Revert[];
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  stop(): void;
}

const MANAGERS: Record<GitOpsKind, string> = {
  Application: 'argocd-controller',
  Kustomization: 'kustomize-controller',
  HelmRelease: 'helm-controller',
};

function keyOf(ref: GitOpsRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The labels each controller puts on what it applies (what Curfew detects managers from). */
function trackingLabels(ref: GitOpsRef): Record<string, string> {
  if (ref.kind === 'Application') {
    const instance = ref.namespace === ARGOCD_NAMESPACE ? ref.name : `${ref.namespace}_${ref.name}`;
    return { 'argocd.argoproj.io/instance': instance };
  }
  const prefix = ref.kind === 'Kustomization' ? 'kustomize' : 'helm';
  return {
    [`${prefix}.toolkit.fluxcd.io/name`]: ref.name,
    [`${prefix}.toolkit.fluxcd.io/namespace`]: ref.namespace,
  };
}

function isActive(kind: GitOpsKind, obj: KubeObject): boolean {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  if (kind !== 'Application') return spec.suspend !== true;
  if (obj.metadata.annotations?.['argocd.argoproj.io/skip-reconcile'] === 'true') return false;
  const policy = isPlainObject(spec.syncPolicy) ? spec.syncPolicy : {};
  const automated = isPlainObject(policy.automated) ? policy.automated : undefined;
  return automated !== undefined && automated.enabled !== false && automated.selfHeal === true;
}

function deployment(w: GitWorkload, labels: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace: w.namespace, labels: { app: w.name, ...labels } },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: w.name } },
      template: {
        metadata: { labels: { app: w.name } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'registry.example/app:1',
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** What the status of the reconciler object says it applied. */
function reportedStatus(kind: GitOpsKind, workloads: readonly GitWorkload[]) {
  if (kind === 'Application') {
    return {
      resources: workloads.map((w) => ({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: w.namespace,
        name: w.name,
        status: 'Synced',
      })),
    };
  }
  if (kind === 'Kustomization') {
    return {
      inventory: {
        entries: workloads.map((w) => ({
          id: `${w.namespace}_${w.name}_apps_Deployment`,
          v: 'v1',
        })),
      },
    };
  }
  return {};
}

export function startGitOpsReconciler(sim: { api: Api }): SimulatedGitOps {
  const { api } = sim;
  const declared = new Map<string, { ref: GitOpsRef; workloads: readonly GitWorkload[] }>();
  const reverts: Revert[] = [];
  const queue = new Set<string>();
  const waiting: (() => void)[] = [];
  let running = false;
  let stopped = false;

  const typeOf = (kind: GitOpsKind): ResourceType | undefined => {
    const r = GITOPS_RESOURCES[kind];
    return findResource(r.group, r.version, r.plural, servedTypes(api.store));
  };

  async function reconcile(key: string): Promise<void> {
    const entry = declared.get(key);
    if (!entry) return;
    const { ref, workloads } = entry;
    const rt = typeOf(ref.kind);
    const obj = rt && api.store.get(rt, ref.namespace, ref.name);
    // Its CRD is not installed, or the object is not there: nothing reconciles.
    if (!rt || !obj) return;
    const opts = { manager: MANAGERS[ref.kind], user: controllerUser(MANAGERS[ref.kind]) };
    if (isActive(ref.kind, obj)) {
      for (const w of workloads) {
        const live = api.store.get(DEPLOY, w.namespace, w.name);
        if (!live) {
          const ns = api.store.get(NAMESPACES, '', w.namespace);
          if (!ns || ns.metadata.deletionTimestamp) continue;
          await api.create(DEPLOY, w.namespace, deployment(w, trackingLabels(ref)), opts);
          continue;
        }
        const replicas = isPlainObject(live.spec) ? live.spec.replicas : undefined;
        if (replicas === w.replicas) continue;
        await api.patch(
          DEPLOY,
          w.namespace,
          w.name,
          '',
          'merge',
          { spec: { replicas: w.replicas } },
          opts,
        );
        reverts.push({
          by: key,
          namespace: w.namespace,
          name: w.name,
          from: typeof replicas === 'number' ? replicas : 1,
          to: w.replicas,
        });
      }
    }
    const status = reportedStatus(ref.kind, workloads);
    const current = isPlainObject(obj.status) ? obj.status : {};
    const changed = Object.entries(status).some(
      ([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v),
    );
    if (changed) {
      // Argo CD's Application has no status subresource: it writes status with the object.
      const sub = rt.subresources.includes('status') ? 'status' : '';
      await api.patch(rt, ref.namespace, ref.name, sub, 'merge', { status }, opts);
    }
  }

  async function drain(): Promise<void> {
    while (queue.size > 0 && !stopped) {
      const key = queue.values().next().value as string;
      queue.delete(key);
      try {
        await reconcile(key);
      } catch (e) {
        // Another writer got there first (409), or the namespace is going away: look again.
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 409) setTimeout(() => enqueue(key), 10);
      }
    }
    running = false;
    for (const resolve of waiting.splice(0)) resolve();
  }

  function enqueue(key: string): void {
    if (stopped || !declared.has(key)) return;
    queue.add(key);
    if (!running) {
      running = true;
      setImmediate(() => void drain());
    }
  }

  const off = api.store.onChange((rt, _type, obj) => {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    for (const [key, { ref, workloads }] of declared) {
      const own = rt === typeOf(ref.kind) && ref.namespace === ns && ref.name === name;
      const applied =
        (rt === DEPLOY || rt === NAMESPACES) &&
        workloads.some((w) =>
          rt === DEPLOY ? w.namespace === ns && w.name === name : w.namespace === name,
        );
      if (own || applied) enqueue(key);
    }
  });

  return {
    async git(ref, workloads) {
      declared.set(keyOf(ref), { ref, workloads: [...workloads] });
      enqueue(keyOf(ref));
      await this.idle();
    },
    reverts,
    idle() {
      if (!running && queue.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    stop() {
      stopped = true;
      queue.clear();
      off();
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}
