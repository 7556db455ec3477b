import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';

/** status.qosClass as the kubelet-independent apiserver computes it on create. */
export function qosClass(pod: KubeObject): string {
  const containers = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = isPlainObject(c) && isPlainObject(c.resources) ? c.resources : {};
    const req = isPlainObject(res.requests) ? res.requests : {};
    const lim = isPlainObject(res.limits) ? res.limits : {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
