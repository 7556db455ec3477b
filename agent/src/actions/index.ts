/**
 * The agent's actions: one file per namespace action, each taking its namespace's lock, doing its
 * steps in crash-safe order, recording its Kubernetes Event and owing its notification through the
 * outbox. Callers (the reconciler, the command executor) pass a cause and get a report back;
 * actions depend only on core, the kube layer and the notification builders.
 */
export { type CloudStartOutcome, startCloudResources } from './cloud-start.js';
export { stopCloudResources } from './cloud-stop.js';
export { sweepCloud } from './cloud-sweep.js';
export type { ActionContext } from './context.js';
export { awaitDeletion, deleteNamespace } from './delete.js';
export { type ActionEnv, locked, type SupportSettings, withLog } from './env.js';
export { expire } from './expire.js';
export { type ExtendReport, type ExtendTarget, extend } from './extend.js';
export { pauseReconcilers, restoreReconcilers } from './gitops.js';
export { sweepReconcilers } from './gitops-sweep.js';
export { KeyedMutex } from './keyed-mutex.js';
export { createLimiter, type Limiter } from './limiter.js';
export { writeNamespace } from './namespace-write.js';
export { Outbox, type OutboxEntry } from './outbox.js';
export { type ReadinessResult, ReadinessTracker } from './readiness.js';
export { finishInterrupted, recover } from './recover.js';
export { remind } from './remind.js';
export { type ResumeResult, resume } from './resume.js';
export { defaultRetryPolicy, type RetryPolicy, withRetry } from './retry.js';
export { revive } from './revive.js';
export { writeScale } from './scale-write.js';
export { type SnoozeResult, snooze } from './snooze.js';
export {
  isSupportPod,
  type SupportAnswer,
  startSupport,
  supportSettings,
} from './support-start.js';
export { stopSupport } from './support-stop.js';
export { type SuspendReport, suspend } from './suspend.js';
export { TerminationTracker } from './termination.js';
export type { Due } from './time-bomb-due.js';
export { wake } from './wake.js';
export { warnExpiry } from './warn-expiry.js';
