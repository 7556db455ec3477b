import type { Api } from '../api.js';
import type { KubeObject } from '../object.js';
import { kubeTime } from '../object.js';
import { mustResource } from '../resources.js';

const EVENTS = mustResource('', 'events');

export type Recorder = (
  about: KubeObject,
  reason: string,
  message: string,
  component: string,
  type?: 'Normal' | 'Warning',
  /** `spec.containers{name}` for the kubelet's per-container events. */
  fieldPath?: string,
) => void;

/** The node the kubelet reports from (source.host, reportingInstance). */
export const EVENT_NODE = 'kube-sim-node';

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

/**
 * How each component's Event looks read back through core/v1. The scheduler writes through the
 * events.k8s.io/v1 API (eventTime, action, no count/timestamps, empty source); the kubelet's
 * legacy recorder names its node; controller-manager loops leave reportingInstance empty.
 */
function shapeFor(component: string, ms: number): Record<string, unknown> {
  const t = kubeTime(ms);
  if (component === 'default-scheduler') {
    return {
      source: {},
      eventTime: microTime(ms),
      action: 'Binding',
      reportingComponent: component,
      reportingInstance: `${component}-${EVENT_NODE}`,
    };
  }
  const host = component === 'kubelet' ? EVENT_NODE : undefined;
  return {
    source: host ? { component, host } : { component },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    reportingComponent: component,
    reportingInstance: host ?? '',
  };
}

/**
 * The controllers' event recorder: core/v1 Events in the involved object's namespace, named
 * `<object>.<hex>` like client-go's recorder. Best effort and fire-and-forget, as in a real
 * cluster, where an Event that cannot be written is dropped.
 */
export function eventRecorder(
  api: Api,
  now: () => number,
  random: () => number,
  enabled: boolean,
): Recorder {
  let seq = 0;
  return (about, reason, message, component, type = 'Normal', fieldPath) => {
    if (!enabled) return;
    const ns = about.metadata.namespace ?? 'default';
    const ms = now();
    seq = (seq + 1) % 1000;
    // client-go names Events `<object>.<UnixNano in hex>`: 16 hex digits in this century.
    const nanos =
      BigInt(Math.floor(ms)) * 1_000_000n + BigInt(seq * 1000 + Math.floor(random() * 1000));
    const suffix = nanos.toString(16);
    void api.registry
      .create(
        EVENTS,
        ns,
        {
          metadata: { name: `${about.metadata.name}.${suffix}` },
          involvedObject: {
            kind: about.kind,
            namespace: about.metadata.namespace,
            name: about.metadata.name,
            uid: about.metadata.uid,
            apiVersion: about.apiVersion,
            resourceVersion: about.metadata.resourceVersion,
            ...(fieldPath ? { fieldPath } : {}),
          },
          reason,
          message,
          type,
          ...shapeFor(component, ms),
        },
        { skipAdmission: true, manager: component },
      )
      .catch(() => undefined);
  };
}
