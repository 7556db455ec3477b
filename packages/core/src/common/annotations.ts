/**
 * Every label and annotation key Curfew reads or writes, in one place. Truth about a namespace
 * lives on the Kubernetes objects themselves (SPEC "State and annotations") so an agent restart or
 * a lost hub loses nothing; these keys are that state.
 */
export const CURFEW_PREFIX = 'curfew.dev/';

export const LABELS = {
  /** Namespace: `true` opts in (opt-in clusters), `false` opts out (opt-out clusters). */
  managed: 'curfew.dev/managed',
} as const;

export const ANNOTATIONS = {
  // Namespace, written by people
  /** Email or Slack user id of who is asked. */
  owner: 'curfew.dev/owner',
  /** Fallback Slack channel. */
  channel: 'curfew.dev/channel',
  /** Comma-separated emails / Slack ids who may act besides the owner. */
  collaborators: 'curfew.dev/collaborators',
  /** Schedule override, e.g. `Mon-Fri 08:00-19:00 Europe/Berlin`. */
  uptime: 'curfew.dev/uptime',
  /** `manual` (default) or `auto` (resume at the next uptime start). */
  wake: 'curfew.dev/wake',

  // Namespace, written by the agent
  /** `running` or `suspended`; absent means running. */
  state: 'curfew.dev/state',
  /** ISO-8601 UTC instant of the suspend. */
  suspendedAt: 'curfew.dev/suspended-at',
  /** `schedule`, or who asked (Slack user id, `api`, …). */
  suspendedBy: 'curfew.dev/suspended-by',
  /** ISO-8601 UTC instant of the planned shutdown the reminders refer to. */
  shutdownAt: 'curfew.dev/shutdown-at',
  /** ISO-8601 UTC instant until which a snooze / prolongation holds. */
  snoozedUntil: 'curfew.dev/snoozed-until',
  /** `<offset minutes>@<shutdown-at>`: the last reminder sent, bound to the shutdown it was for. */
  reminderSent: 'curfew.dev/reminder-sent',
  /** Ids of recent hub commands, written in the same PATCH as their first effect. */
  commandIds: 'curfew.dev/command-ids',
  /**
   * The hub command a suspend or resume in flight carries out (written with `suspending` /
   * `resuming`, removed when it is done): an agent finishing it after a restart reports it as
   * that command's, so the hub records the command's outcome once instead of also taking the
   * finished action for one the agent took by itself.
   */
  actionCommand: 'curfew.dev/action-command',
  /**
   * Notifications an action owes the owner, written in the same PATCH as the transition they
   * report and removed once the hub acknowledged them (JSON, see the agent's outbox).
   */
  outbox: 'curfew.dev/outbox',
  /** Set when something keeps undoing suspends; reported once, not fought. */
  drift: 'curfew.dev/drift',
  /** How many suspends in a row were undone within minutes. */
  undoneSuspends: 'curfew.dev/undone-suspends',
  /**
   * Cloud resources Curfew stopped with this suspend and starts on resume:
   * `<kind>/<region>/<id>@<instant>` entries, comma-separated (see `cloud/cloud-record.ts`).
   * Written BEFORE each stop call, so a crash never leaves a resource stopped and unrecorded.
   */
  cloudStopped: 'curfew.dev/cloud-stopped',
  /** Cloud resources AWS refused to stop in this suspend: `<kind>/<region>/<id>=<error code>`. */
  cloudRefused: 'curfew.dev/cloud-refused',

  // Workloads
  /** Replica count before the suspend, written in the same PATCH that scales to 0. */
  previousReplicas: 'curfew.dev/previous-replicas',
  /** CronJob `spec.suspend` before the suspend (`true`/`false`). */
  previousSuspend: 'curfew.dev/previous-suspend',
  /** `true`: never touched. */
  exclude: 'curfew.dev/exclude',
  /** KEDA ScaledObject: its `paused` value before Curfew paused it (`absent` when unset). */
  previousPaused: 'curfew.dev/previous-paused',
  // GitOps reconcilers (Argo CD Application, Flux Kustomization/HelmRelease), written in the
  // same patch that pauses them
  /** Comma-separated namespaces the reconciler is paused for; present only while Curfew paused it. */
  pausedByCurfew: 'curfew.dev/paused-by-curfew',
  /** Argo CD Application: its `spec.syncPolicy.automated` before the pause, as JSON. */
  previousSyncPolicy: 'curfew.dev/previous-sync-policy',
  /** Flux: `spec.suspend` before the pause: `false`, or `absent` when unset. */
  previousFluxSuspend: 'curfew.dev/previous-flux-suspend',

  // Time bombs (pod templates and pods)
  /** Duration like `90m`, `1h30m`, `1d`. */
  timer: 'curfew.dev/timer',
  /** `/tribe/squad/app`. */
  sku: 'curfew.dev/sku',
  /** Unix seconds, stamped by the mutating webhook. */
  validUntil: 'curfew.dev/valid-until',
  /** The same instant as ISO-8601 UTC, for people. */
  validUntilHuman: 'curfew.dev/valid-until-human',
  /** `<offset minutes>@<valid-until>`: the last expiry warning sent. */
  expiryWarned: 'curfew.dev/expiry-warned',
  /** Ids of the last EXTEND commands applied to this object, in the PATCH that extended it. */
  extendIds: 'curfew.dev/extend-ids',
  /** Support pods: the id of the command that started it. */
  startedByCommand: 'curfew.dev/started-by-command',
} as const;

/**
 * On a workload: the ISO-8601 instant of the validity that expired it. It tells an expiry from a
 * namespace suspend (both leave `previous-replicas`): a namespace resume leaves expired workloads
 * at 0, and an extension brings back only workloads carrying it.
 */
export const EXPIRED_AT_ANNOTATION = 'curfew.dev/expired-at';

/** KEDA's own switch: a paused ScaledObject leaves the replica count alone. */
export const KEDA_PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';

/**
 * kube-downscaler's annotations, read so a team migrating from it changes nothing (see
 * packages/core/README.md "kube-downscaler → Curfew" for how each maps onto Curfew's model).
 * Curfew never writes them.
 */
export const DOWNSCALER_ANNOTATIONS = {
  /** Namespace or workload: uptime spec in kube-downscaler's format. */
  uptime: 'downscaler/uptime',
  /** Namespace or workload: downtime spec; uptime is the uptime spec except this one. */
  downtime: 'downscaler/downtime',
  /** Namespace or workload: any value but `false` excludes (kube-downscaler's "safe side"). */
  exclude: 'downscaler/exclude',
} as const;

export type AnnotationKey = (typeof ANNOTATIONS)[keyof typeof ANNOTATIONS];

/**
 * Changes to write to an object's annotations, as in a JSON merge patch: a string sets the value,
 * null removes the key. Empty means nothing to write.
 */
export type AnnotationPatch = Record<string, string | null>;

/** Applies a patch to a copy of `annotations` (what the object looks like after the agent's PATCH). */
export function applyAnnotationPatch(
  annotations: Readonly<Record<string, string>>,
  patch: AnnotationPatch,
): Record<string, string> {
  const out: Record<string, string> = { ...annotations };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
