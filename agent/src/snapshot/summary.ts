import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  type ClusterPolicy,
  type NamespaceState as CoreState,
  decideNamespace,
  isCurfewInputError,
  type NamespaceObservation,
  namespaceSchedule,
  parseInstant,
  pausedFor,
  readCloudRecord,
  whatHolds,
} from '@curfew/core';
import { NamespaceState, type NamespaceSummary, NamespaceSummarySchema } from '@curfew/proto';
import { ANN } from '../annotations.js';
import type { CloudInventory } from '../cloud/inventory.js';
import type { ReconcilerRegistry } from '../gitops/reconciler-registry.js';
import type { ClusterCache } from '../kube/cache.js';
import { observe } from '../kube/observe.js';
import type { NamespaceObject } from '../kube/types.js';
import { cloudSummary } from '../notify/cloud-resources.js';

const STATE: Record<CoreState, NamespaceState> = {
  running: NamespaceState.RUNNING,
  suspended: NamespaceState.SUSPENDED,
  unmanaged: NamespaceState.UNMANAGED,
  system: NamespaceState.SYSTEM,
};

export interface SummarySources {
  /** The agent's cloud view, when cloud regions are configured. */
  cloud?: CloudInventory;
  /** The GitOps reconcilers Curfew paused, unless CURFEW_GITOPS=off. */
  gitops?: ReconcilerRegistry;
}

/** One namespace as the hub lists it; computed from the cache and core's decision. */
export function summarize(
  cache: ClusterCache,
  policy: ClusterPolicy,
  name: string,
  now: number,
  sources: SummarySources = {},
): NamespaceSummary | undefined {
  const { cloud, gitops } = sources;
  const obs = observe(cache, name);
  const ns = cache.namespace(name);
  if (!obs || !ns) return undefined;
  const decision = decideNamespace(obs, policy, now);
  const a = ns.meta.annotations;
  const usage = cache.usage(name);
  const time = (text: string | undefined) => {
    const ms = parseInstant(text);
    return ms === null ? undefined : timestampFromMs(ms);
  };
  let state = STATE[decision.state];
  if (obs.phase === 'Terminating') state = NamespaceState.TERMINATING;
  else if (
    decision.kind === 'mark-woken' ||
    decision.kind === 'resume' ||
    decision.kind === 'suspend'
  ) {
    // Report what IS, not what is about to be done.
    state = a[ANN.state] === 'suspended' ? NamespaceState.SUSPENDED : NamespaceState.RUNNING;
  }
  return create(NamespaceSummarySchema, {
    name,
    state,
    owner: a[ANN.owner] ?? '',
    channel: a[ANN.channel] ?? '',
    collaborators: (a[ANN.collaborators] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    nextShutdown:
      decision.shutdownAt !== null && state === NamespaceState.RUNNING
        ? timestampFromMs(decision.shutdownAt)
        : undefined,
    snoozedUntil: time(a[ANN.snoozedUntil]),
    suspendedAt: time(a[ANN.suspendedAt]),
    suspendedBy: a[ANN.suspendedBy] ?? '',
    uptime: uptimeText(obs, policy),
    wake: a[ANN.wake] ?? 'manual',
    runningPods: usage.runningPods,
    requested: { cpuMillis: BigInt(usage.cpuMillis), memoryBytes: BigInt(usage.memoryBytes) },
    drift: a[ANN.drift] ?? '',
    problem: decision.kind === 'invalid' ? `${decision.error.message} ${decision.error.hint}` : '',
    workloads: cache.workloads(name).length,
    cloudResources: cloud
      ? cloudSummary(cloud.known(name), readCloudRecord(a), (r) => cloud.priceOf(r))
      : [],
    ...terminationFacts(ns),
    pausedReconcilers: (gitops?.pausedFor(name) ?? []).map((o) => ({
      kind: o.ref.kind,
      namespace: o.ref.namespace,
      name: o.ref.name,
      pausedFor: pausedFor(o.annotations),
    })),
  });
}

/** What a snapshot shows of a namespace Kubernetes is deleting: when it began, what holds it. */
function terminationFacts(
  ns: NamespaceObject,
): Pick<MessageInitShape<typeof NamespaceSummarySchema>, 'deletionStartedAt' | 'termination'> {
  const t = ns.termination;
  if (!t) return {};
  const { finalizers, conditions } = whatHolds(t);
  const held = finalizers.length > 0 ? `held by finalizers: ${finalizers.join(', ')}` : '';
  return {
    ...(t.deletionStartedAt === undefined
      ? {}
      : { deletionStartedAt: timestampFromMs(t.deletionStartedAt) }),
    termination: [held, conditions && `(${conditions})`].filter(Boolean).join(' '),
  };
}

/**
 * The schedule the namespace follows, as text: its own, a kube-downscaler one (`uptime except
 * downtime`) or the cluster default. An invalid one is shown as written; `problem` says why.
 */
function uptimeText(obs: NamespaceObservation, policy: ClusterPolicy): string {
  try {
    return namespaceSchedule(obs, policy).source;
  } catch (e) {
    if (!isCurfewInputError(e)) throw e;
    return obs.annotations[ANN.uptime] ?? policy.defaultUptime;
  }
}
