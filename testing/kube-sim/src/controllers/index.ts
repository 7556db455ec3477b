import type { Api } from '../api.js';
import { mustResource } from '../resources.js';
import { cronJobController } from './cronjob.js';
import { deploymentController } from './deployment.js';
import { garbageCollector } from './garbage-collector.js';
import { jobController } from './job.js';
import { kubeletController } from './kubelet.js';
import { namespaceController } from './namespace.js';
import { namespaceContentController } from './namespace-content.js';
import { eventRecorder } from './recorder.js';
import { replicaSetController } from './replicaset.js';
import type { ControllerContext } from './runtime.js';
import { ControllerRunner } from './runtime.js';
import { statefulSetController } from './statefulset.js';

export interface ControllerOptions {
  readyDelayMs: number;
  jobPodDurationMs: number;
  /** How often CronJobs are checked against their schedule. */
  cronTickMs: number;
  podTerminationDelayMs: number;
  now: () => number;
  /** Published in every namespace as kube-root-ca.crt. */
  caPem: string;
  /** Whether controllers write Events (Scheduled, SuccessfulCreate, ScalingReplicaSet, …). */
  events: boolean;
  random: () => number;
}

/** Starts every simulated controller on the store's change feed; returns stop(). */
export function startControllers(api: Api, opts: ControllerOptions): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const ctx: ControllerContext = {
    api,
    now: opts.now,
    readyDelayMs: opts.readyDelayMs,
    podTerminationDelayMs: opts.podTerminationDelayMs,
    jobPodDurationMs: opts.jobPodDurationMs,
    record: eventRecorder(api, opts.now, opts.random, opts.events),
    later(ms, fn) {
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        if (!stopped) fn();
      }, ms);
      timers.add(t);
    },
  };
  let ip = 0;
  const podIp = () => {
    ip++;
    return `10.244.${Math.floor(ip / 250) % 250}.${(ip % 250) + 2}`;
  };
  const cron = new ControllerRunner(cronJobController(ctx), ctx);
  const runners = [
    cron,
    jobController(ctx),
    kubeletController(ctx, podIp),
    replicaSetController(ctx),
    deploymentController(ctx),
    statefulSetController(ctx),
    namespaceController(ctx),
    namespaceContentController(ctx, opts.caPem),
    garbageCollector(ctx),
  ].map((c) => (c instanceof ControllerRunner ? c : new ControllerRunner(c, ctx)));
  const cronJobs = mustResource('batch', 'cronjobs');
  const tick = setInterval(() => {
    for (const cj of api.store.list(cronJobs, undefined))
      cron.enqueue(`${cj.metadata.namespace}/${cj.metadata.name}`);
  }, opts.cronTickMs);
  const off = api.store.onChange((rt, type, obj) => {
    for (const r of runners) r.observe(rt, type, obj);
  });
  return () => {
    stopped = true;
    clearInterval(tick);
    off();
    for (const r of runners) r.stop();
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}
