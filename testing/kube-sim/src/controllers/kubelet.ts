import { createHash } from 'node:crypto';
import { controllerUser } from '../admission-types.js';
import type { KubeObject } from '../object.js';
import { isPlainObject, kubeTime } from '../object.js';
import type { ResourceType } from '../resources.js';
import { mustResource } from '../resources.js';
import type { Controller, ControllerContext } from './runtime.js';
import { controllerOf, keyOf, splitKey } from './runtime.js';

export const NODE_NAME = 'kube-sim-node';
const PODS = mustResource('', 'pods');
const USER = { user: controllerUser('kubelet') };

function condition(type: string, status: boolean, now: string) {
  return { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * containerd reports images fully qualified (`nginx` → `docker.io/library/nginx:latest`); the
 * kubelet shows that, not the spec's spelling, in containerStatuses.
 */
export function qualifiedImage(image: string): string {
  let ref = image;
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) ref = `docker.io/${slash < 0 ? `library/${ref}` : ref}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) ref = `${ref}:latest`;
  return ref;
}

function containerStatuses(pod: KubeObject, ready: boolean, startedAt: string) {
  const cs = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  const uid = pod.metadata.uid ?? '';
  return cs.filter(isPlainObject).map((c) => {
    const image = qualifiedImage(String(c.image ?? ''));
    const repo = image.replace(/[:@][^/]*$/, '');
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isPlainObject) : [];
    const status: Record<string, unknown> = {
      name: c.name,
      state: { running: { startedAt } },
      lastState: {},
      ready,
      restartCount: 0,
      image,
      imageID: `${repo}@sha256:${sha256(image)}`,
      containerID: `containerd://${sha256(`${uid}/${String(c.name)}`)}`,
      started: true,
    };
    // RecursiveReadOnlyMounts (beta, on by default since 1.31) reports the mounts as made.
    if (mounts.length > 0) {
      status.volumeMounts = mounts.map((m) => ({
        name: m.name,
        mountPath: m.mountPath,
        ...(m.readOnly === true ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
      }));
    }
    return status;
  });
}

/**
 * Scheduler and kubelet in one: binds new pods to the single simulated node, starts them
 * (Running), marks them Ready after readyDelayMs, and finishes graceful deletions.
 */
export function kubeletController(ctx: ControllerContext, podIp: () => string): Controller {
  const readyTimers = new Set<string>();
  const killTimers = new Set<string>();
  return {
    name: 'kubelet',
    keysFor: (rt: ResourceType, type: string, obj: KubeObject) =>
      rt === PODS && type !== 'DELETED' ? [keyOf(obj)] : [],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const pod = ctx.api.store.get(PODS, ns, name);
      if (!pod) return;
      const now = kubeTime(ctx.now());
      if (pod.metadata.deletionTimestamp) {
        if ((pod.metadata.deletionGracePeriodSeconds ?? 0) === 0 || killTimers.has(key)) return;
        killTimers.add(key);
        const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        ctx.later(Math.min(grace, ctx.podTerminationDelayMs), () => {
          killTimers.delete(key);
          ctx.api.registry
            .delete(
              PODS,
              ns,
              name,
              { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } },
              { ...USER, skipAdmission: true },
            )
            .catch(() => undefined);
        });
        return;
      }
      if (!pod.spec?.nodeName) {
        await ctx.api.registry.guaranteedUpdate(
          PODS,
          ns,
          name,
          '',
          (cur) => ({ ...cur, spec: { ...cur.spec, nodeName: NODE_NAME } }),
          { ...USER, skipAdmission: true, untracked: true },
        );
        ctx.record(
          pod,
          'Scheduled',
          `Successfully assigned ${ns}/${name} to ${NODE_NAME}`,
          'default-scheduler',
        );
        return;
      }
      const phase = pod.status?.phase;
      if (phase === 'Pending') {
        const ready = ctx.readyDelayMs <= 0;
        for (const c of Array.isArray(pod.spec?.containers) ? pod.spec.containers : []) {
          if (!isPlainObject(c)) continue;
          const image = String(c.image);
          const where = `spec.containers{${String(c.name)}}`;
          if (c.imagePullPolicy === 'Always') {
            // Always means a registry round trip on every start, and the kubelet says so.
            ctx.record(pod, 'Pulling', `Pulling image "${image}"`, 'kubelet', 'Normal', where);
            ctx.record(
              pod,
              'Pulled',
              `Successfully pulled image "${image}" in 512ms (512ms including waiting). Image size: 72099409 bytes.`,
              'kubelet',
              'Normal',
              where,
            );
          } else {
            ctx.record(
              pod,
              'Pulled',
              `Container image "${image}" already present on machine`,
              'kubelet',
              'Normal',
              where,
            );
          }
          ctx.record(
            pod,
            'Created',
            `Created container: ${String(c.name)}`,
            'kubelet',
            'Normal',
            where,
          );
          ctx.record(
            pod,
            'Started',
            `Started container ${String(c.name)}`,
            'kubelet',
            'Normal',
            where,
          );
        }
        await ctx.api.registry.guaranteedUpdate(
          PODS,
          ns,
          name,
          'status',
          (cur) => ({
            ...cur,
            status: {
              ...cur.status,
              phase: 'Running',
              conditions: [
                condition('PodReadyToStartContainers', true, now),
                condition('Initialized', true, now),
                condition('Ready', ready, now),
                condition('ContainersReady', ready, now),
                condition('PodScheduled', true, now),
              ],
              hostIP: '10.0.0.1',
              hostIPs: [{ ip: '10.0.0.1' }],
              ...podIps(cur.status?.podIP ?? podIp()),
              startTime: now,
              containerStatuses: containerStatuses(cur, ready, now),
            },
          }),
          USER,
        );
        if (controllerOf(pod)?.kind === 'Job') {
          // A Job's pod turns Ready like any other (no probe), then exits after its duration.
          ctx.later(Math.max(ctx.readyDelayMs, 0) + ctx.jobPodDurationMs, () => {
            void finishJobPod(ctx, ns, name, pod.metadata.uid).catch(() => undefined);
          });
        }
        if (!ready && !readyTimers.has(key)) {
          readyTimers.add(key);
          ctx.later(ctx.readyDelayMs, () => {
            readyTimers.delete(key);
            void markReady(ctx, ns, name, pod.metadata.uid).catch(() => undefined);
          });
        }
      }
    },
  };
}

async function markReady(
  ctx: ControllerContext,
  ns: string,
  name: string,
  uid: string | undefined,
) {
  const cur = ctx.api.store.get(PODS, ns, name);
  if (!cur || cur.metadata.uid !== uid || cur.metadata.deletionTimestamp) return;
  // A Job's pod may already have exited; it never turns Ready then.
  if (cur.status?.phase !== 'Running') return;
  const now = kubeTime(ctx.now());
  await ctx.api.registry.guaranteedUpdate(
    PODS,
    ns,
    name,
    'status',
    (c) => {
      const conds = Array.isArray(c.status?.conditions) ? c.status.conditions : [];
      return {
        ...c,
        status: {
          ...c.status,
          conditions: conds.map((x) =>
            isPlainObject(x) && (x.type === 'Ready' || x.type === 'ContainersReady')
              ? { ...x, status: 'True', lastTransitionTime: now }
              : x,
          ),
          containerStatuses: containerStatuses(c, true, String(c.status?.startTime ?? now)),
        },
      };
    },
    USER,
  );
}

function podIps(ip: unknown) {
  return { podIP: ip, podIPs: [{ ip }] };
}

export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  const conds = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
  return conds.some((c) => isPlainObject(c) && c.type === 'Ready' && c.status === 'True');
}

/** A Job's pod exits 0: phase Succeeded, containers terminated, no longer Ready. */
async function finishJobPod(
  ctx: ControllerContext,
  ns: string,
  name: string,
  uid: string | undefined,
) {
  const cur = ctx.api.store.get(PODS, ns, name);
  if (!cur || cur.metadata.uid !== uid || cur.metadata.deletionTimestamp) return;
  const now = kubeTime(ctx.now());
  await ctx.api.registry.guaranteedUpdate(
    PODS,
    ns,
    name,
    'status',
    (c) => {
      const conds = Array.isArray(c.status?.conditions) ? c.status.conditions : [];
      const statuses = Array.isArray(c.status?.containerStatuses) ? c.status.containerStatuses : [];
      return {
        ...c,
        status: {
          ...c.status,
          phase: 'Succeeded',
          conditions: conds.map((x) =>
            isPlainObject(x) && (x.type === 'Ready' || x.type === 'ContainersReady')
              ? { ...x, status: 'False', reason: 'PodCompleted', lastTransitionTime: now }
              : x,
          ),
          containerStatuses: statuses.filter(isPlainObject).map((s) => ({
            ...s,
            ready: false,
            started: false,
            state: {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: c.status?.startTime,
                finishedAt: now,
              },
            },
          })),
        },
      };
    },
    USER,
  );
}
