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
) => void;

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
  return (about, reason, message, component, type = 'Normal') => {
    if (!enabled) return;
    const ns = about.metadata.namespace ?? 'default';
    const t = kubeTime(now());
    seq++;
    const suffix =
      (Math.floor(now() * 1000) + seq).toString(16) + Math.floor(random() * 0xffff).toString(16);
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
          },
          reason,
          message,
          source: { component },
          firstTimestamp: t,
          lastTimestamp: t,
          count: 1,
          type,
          reportingComponent: component,
          reportingInstance: '',
        },
        { skipAdmission: true, manager: component },
      )
      .catch(() => undefined);
  };
}
