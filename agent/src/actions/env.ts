import type { ClusterPolicy } from '@curfew/core';
import type { Notification } from '@curfew/proto';
import type { Logger } from 'pino';
import type { CloudEnv } from '../cloud/cloud-env.js';
import type { ReconcilerRegistry } from '../gitops/reconciler-registry.js';
import type { ActionContext } from './context.js';
import type { KeyedMutex } from './keyed-mutex.js';
import type { Outbox } from './outbox.js';
import type { ReadinessTracker } from './readiness.js';
import type { TerminationTracker } from './termination.js';

/** Support pods: where they run, the image, how long they live. */
export interface SupportSettings {
  /** The agent's namespace: the only place the chart lets it create Pods. */
  namespace: string;
  image: string;
  command: readonly string[];
  timer: string;
  runAsUser: number;
}

/** Everything the actions share: the I/O, the cluster policy, the locks and the outbox. */
export interface ActionEnv {
  ctx: ActionContext;
  policy: ClusterPolicy;
  /** One lock per namespace; every action takes its namespace's. */
  locks: KeyedMutex;
  /** Notifications persisted on their namespace until the hub acknowledges them. */
  outbox: Outbox;
  readiness: ReadinessTracker;
  /** Notifications that cannot be persisted on a namespace (its namespace is being deleted). */
  notify: (notification: Notification) => void;
  /** How long a notification stays worth delivering. */
  staleAfterMs: number;
  /** How long "resumed" waits for the workloads to be ready. */
  resumeReadyTimeoutMs: number;
  /** Waits for namespaces Kubernetes is deleting to be gone. */
  termination: TerminationTracker;
  /** How long a delete waits for the namespace to go before it reports it stuck. */
  deleteStuckAfterMs: number;
  support: SupportSettings;
  /** Cloud resources tagged with namespaces; absent when no cloud region is configured. */
  cloud?: CloudEnv;
  /** The Argo CD / Flux reconcilers paused with suspends; absent with CURFEW_GITOPS=off. */
  gitops?: ReconcilerRegistry;
  /**
   * Namespaces whose lock the caller already holds (the reconciler holds one from its decision
   * to the end of the action it calls): an action on one of them runs without waiting for
   * itself. Explicit, not inferred from the async context, so work an action leaves running
   * after it returns (a readiness wait, a watch callback) never counts as holding the lock.
   */
  held?: ReadonlySet<string>;
}

/** The same environment logging with extra fields (a command's and request's ids). */
export function withLog(env: ActionEnv, log: Logger): ActionEnv {
  return { ...env, ctx: { ...env.ctx, log } };
}

/**
 * Runs `task` holding `namespace`'s lock — at once if `env` says the caller holds it already.
 * `task` gets the environment that says so, to pass to the actions it calls.
 */
export function locked<T>(
  env: ActionEnv,
  namespace: string,
  task: (env: ActionEnv) => Promise<T>,
): Promise<T> {
  if (env.held?.has(namespace)) return task(env);
  return env.locks.run(namespace, () =>
    task({ ...env, held: new Set([...(env.held ?? []), namespace]) }),
  );
}
