import { SUPPORT_SIZES, type SupportSize } from '../command/slash-command.js';
import { ANNOTATIONS } from '../common/annotations.js';
import { DNS_LABEL_MAX, dnsLabelProblem } from '../common/dns.js';
import { formatDuration } from '../common/duration.js';
import { CurfewInputError } from '../common/errors.js';
import { type Validity, validityAfter } from '../time-bombs/validity.js';

/**
 * Support pods: `/devenv support start manage1 XL` runs a management pod in the agent's own
 * namespace, sized by a preset and expiring like any bare Pod with a time bomb. The agent
 * namespace is outside the admission webhooks' selector, so the plan stamps the validity
 * itself rather than relying on the mutating webhook.
 */

/** Kubernetes quantities, as they go into `resources`. */
export interface ResourceAmounts {
  cpu: string;
  memory: string;
}

export interface SupportSizePreset {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/**
 * Requests are what the scheduler reserves (and what Curfew's cost figures price); limits are
 * twice that, so a shell burst does not get throttled at once but a runaway cannot take a node.
 */
export const SUPPORT_SIZE_PRESETS: Readonly<Record<SupportSize, SupportSizePreset>> = {
  XS: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  S: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
  M: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
  L: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  XL: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
};

export const SUPPORT_POD_PREFIX = 'support-';
/** The support name, as a label: how `support stop` and the expiry find the Pod. */
export const SUPPORT_LABEL = 'curfew.dev/support';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const REQUESTED_BY_ANNOTATION = 'curfew.dev/requested-by';
/**
 * The preset, for the answer to a repeated start. An annotation, not only a label: the agent's
 * informer keeps a Pod's `curfew.dev/*` annotations and drops its labels (memory).
 */
export const SUPPORT_SIZE_ANNOTATION = 'curfew.dev/support-size';
export const DEFAULT_SUPPORT_IMAGE = 'busybox:1.37';
/** busybox's `sleep` accepts `infinity`: the pod idles until someone `kubectl exec`s into it. */
export const DEFAULT_SUPPORT_COMMAND: readonly string[] = ['sleep', 'infinity'];
export const DEFAULT_SUPPORT_TIMER = '8h';
/** `nobody`: busybox and most debug images run fine without root. */
export const DEFAULT_SUPPORT_RUN_AS_USER = 65_534;

/** A size from the hub (`XS`…`XL`, any case); a CurfewInputError naming the sizes otherwise. */
export function parseSupportSize(text: string): SupportSize {
  const upper = text.trim().toUpperCase();
  const known = SUPPORT_SIZES.find((s) => s === upper);
  if (known === undefined) {
    throw new CurfewInputError(
      text.trim() === ''
        ? 'A support pod needs a size.'
        : `The support pod size '${text}' is unknown.`,
      `Use one of ${SUPPORT_SIZES.join(', ')}.`,
    );
  }
  return known;
}

/** `support-<name>`; a CurfewInputError when the name cannot make a DNS-1123 Pod name. */
export function supportPodName(name: string): string {
  const problem = dnsLabelProblem(name, 'support pod name');
  if (problem !== null) {
    throw new CurfewInputError(problem, 'Use a short lower-case name like manage1.');
  }
  const pod = `${SUPPORT_POD_PREFIX}${name}`;
  if (pod.length > DNS_LABEL_MAX) {
    const limit = DNS_LABEL_MAX - SUPPORT_POD_PREFIX.length;
    throw new CurfewInputError(
      `The support pod name '${name}' is ${name.length} characters long; with '${SUPPORT_POD_PREFIX}' in front the limit is ${limit}.`,
      'Use a shorter name.',
    );
  }
  return pod;
}

export interface SupportPodRequest {
  name: string;
  size: SupportSize;
  /** The agent's namespace. */
  namespace: string;
  image: string;
  command: readonly string[];
  /** How long the pod lives (e.g. parseDuration('8h')). */
  timerMs: number;
  /** Who asked (Slack user id, admin API caller); `hub` when unknown. */
  requestedBy: string;
  runAsUser: number;
  now: number;
  /** The hub command that asked for it, remembered on the Pod (see planSupportStart). */
  commandId?: string;
}

/** Everything the agent writes when creating the Pod (it turns this into a manifest). */
export interface SupportPodPlan {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  image: string;
  command: string[];
  resources: SupportSizePreset;
  runAsUser: number;
  validity: Validity;
}

export function planSupportPod(request: SupportPodRequest): SupportPodPlan {
  const name = supportPodName(request.name);
  const validity = validityAfter(request.timerMs, request.now);
  return {
    name,
    namespace: request.namespace,
    labels: { [MANAGED_BY_LABEL]: 'curfew', [SUPPORT_LABEL]: request.name },
    annotations: {
      [REQUESTED_BY_ANNOTATION]: request.requestedBy || 'hub',
      [SUPPORT_SIZE_ANNOTATION]: request.size,
      [ANNOTATIONS.timer]: formatDuration(request.timerMs),
      [ANNOTATIONS.validUntil]: String(validity.validUntil),
      [ANNOTATIONS.validUntilHuman]: validity.validUntilHuman,
      ...(request.commandId ? { [ANNOTATIONS.startedByCommand]: request.commandId } : {}),
    },
    image: request.image,
    command: [...request.command],
    resources: SUPPORT_SIZE_PRESETS[request.size],
    runAsUser: request.runAsUser,
    validity,
  };
}

/** A Pod manifest, as the API server takes it (a type alias: assignable to index signatures). */
export type SupportPodManifest = {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: Record<string, unknown>;
};

/** The Pod manifest for a plan: non-root, no privilege escalation, no capabilities. */
export function supportPodManifest(plan: SupportPodPlan): SupportPodManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: plan.labels,
      annotations: plan.annotations,
    },
    spec: {
      // A management shell: when it exits, the support session is over.
      restartPolicy: 'Never',
      // Nothing in it talks to the API server with the pod's identity.
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: plan.runAsUser,
        runAsGroup: plan.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'support',
          image: plan.image,
          ...(plan.command.length > 0 ? { command: plan.command } : {}),
          resources: { requests: plan.resources.requests, limits: plan.resources.limits },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}

/** A support pod as the start and stop plans see it. */
export interface SupportPodState {
  /** `curfew.dev/started-by-command`. */
  startedByCommand?: string;
  /** Its validity has passed (the expiry deletes it soon). */
  expired: boolean;
  /** Already being deleted. */
  deleting: boolean;
}

export interface SupportCommandInput {
  commandId?: string;
  /** Ids of support commands the agent recorded as done (on its own namespace). */
  executedIds: readonly string[];
  /** The `support-<name>` Pod, if there is one. */
  existing: SupportPodState | null;
}

export type SupportStartStep =
  /** This very command ran before (its Pod may have been stopped since): do nothing again. */
  | { kind: 'already-done' }
  /** The Pod there was created by this command (the answer got lost): record it, answer with it. */
  | { kind: 'adopt' }
  /** Expired but not yet deleted: the name is taken, and handing it out would be wrong. */
  | { kind: 'replace-expired' }
  /** Another start's Pod runs: answer with it (stop it first for another size). */
  | { kind: 'describe' }
  | { kind: 'create' };

/**
 * `support start`, exactly once per command id. The Pod carries the id of the command that
 * created it and the id is recorded as done once it exists; a stop records the id of the start
 * whose Pod it deletes before deleting it. So a start delivered again after a restart — even
 * after a stop — never creates the Pod a second time.
 */
export function planSupportStart(input: SupportCommandInput): SupportStartStep {
  const { commandId, executedIds, existing } = input;
  if (commandId && executedIds.includes(commandId)) return { kind: 'already-done' };
  if (existing && commandId && existing.startedByCommand === commandId) return { kind: 'adopt' };
  if (existing?.expired && !existing.deleting) return { kind: 'replace-expired' };
  if (existing) return { kind: 'describe' };
  return { kind: 'create' };
}

export type SupportStopStep =
  | { kind: 'already-done' }
  | { kind: 'nothing-to-stop' }
  /** Delete it; first record `startedBy` as done, so that start is never re-run. */
  | { kind: 'delete'; startedBy?: string };

/** `support stop`: deletes the Pod if there is one; a repeat of a recorded stop does nothing. */
export function planSupportStop(input: SupportCommandInput): SupportStopStep {
  const { commandId, executedIds, existing } = input;
  if (commandId && executedIds.includes(commandId)) return { kind: 'already-done' };
  if (!existing || existing.deleting) return { kind: 'nothing-to-stop' };
  const startedBy = existing.startedByCommand;
  return startedBy && !executedIds.includes(startedBy)
    ? { kind: 'delete', startedBy }
    : { kind: 'delete' };
}
