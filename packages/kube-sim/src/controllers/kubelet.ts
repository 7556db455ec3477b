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

function containerStatuses(pod: KubeObject, ready: boolean, startedAt: string) {
  const cs = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  return cs.filter(isPlainObject).map((c) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    containerID: `containerd://${String(c.name)}`,
    ready,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
  }));
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
          { ...USER, skipAdmission: true },
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
          ctx.record(
            pod,
            'Pulled',
            `Container image "${String(c.image)}" already present on machine`,
            'kubelet',
          );
          ctx.record(pod, 'Created', `Created container: ${String(c.name)}`, 'kubelet');
          ctx.record(pod, 'Started', `Started container ${String(c.name)}`, 'kubelet');
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
              podIP: cur.status?.podIP ?? podIp(),
              startTime: now,
              containerStatuses: containerStatuses(cur, ready, now),
            },
          }),
          USER,
        );
        if (controllerOf(pod)?.kind === 'Job') {
          ctx.later(Math.max(ctx.readyDelayMs, 0) + ctx.jobPodDurationMs, () => {
            void finishJobPod(ctx, ns, name, pod.metadata.uid).catch(() => undefined);
          });
          return;
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
