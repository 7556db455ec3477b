import { isPlainObject } from '../object.js';
import type { Column } from './table-cells.js';
import {
  age,
  containersCol,
  dig,
  duration,
  externalIp,
  formatLabels,
  imagesCol,
  jobStatus,
  name,
  nodeAddress,
  num,
  podReady,
  podStatus,
  selectorCol,
  servicePorts,
  shortAge,
} from './table-cells.js';

/** The server-side printers' columns per kind (pkg/printers/internalversion); priority 1 is `-o wide`. */
export const COLUMNS: Record<string, Column[]> = {
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => String(o.spec?.type ?? 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => String(o.spec?.clusterIP ?? '<none>') },
    { name: 'External-IP', type: 'string', cell: externalIp },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => formatLabels(o.spec?.selector) },
  ],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(isPlainObject(o.data) ? o.data : {}).length,
    },
    age,
  ],
  ServiceAccount: [
    name,
    {
      name: 'Secrets',
      type: 'integer',
      cell: (o) => (Array.isArray(o.secrets) ? o.secrets.length : 0),
    },
    age,
  ],
  Job: [
    name,
    { name: 'Status', type: 'string', cell: jobStatus },
    {
      name: 'Completions',
      type: 'string',
      cell: (o) => `${num(o.status?.succeeded)}/${num(o.spec?.completions ?? 1)}`,
    },
    { name: 'Duration', type: 'string', cell: duration },
    age,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  CronJob: [
    name,
    { name: 'Schedule', type: 'string', cell: (o) => String(o.spec?.schedule ?? '') },
    { name: 'Timezone', type: 'string', cell: (o) => String(o.spec?.timeZone ?? '<none>') },
    { name: 'Suspend', type: 'string', cell: (o) => (o.spec?.suspend === true ? 'True' : 'False') },
    {
      name: 'Active',
      type: 'integer',
      cell: (o) => (Array.isArray(o.status?.active) ? o.status.active.length : 0),
    },
    {
      name: 'Last Schedule',
      type: 'string',
      cell: (o, now) =>
        typeof o.status?.lastScheduleTime === 'string'
          ? shortAge(o.status.lastScheduleTime, now)
          : '<none>',
    },
    age,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  // printEvent's columns; `kubectl get events -o wide` shows the priority-1 ones too.
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      // events.k8s.io/v1 writers (the scheduler) leave lastTimestamp empty; eventTime then.
      cell: (o, now) =>
        shortAge(String(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp ?? ''), now),
    },
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
    {
      name: 'Object',
      type: 'string',
      cell: (o) => {
        const io = isPlainObject(o.involvedObject) ? o.involvedObject : {};
        return `${String(io.kind ?? '').toLowerCase()}/${String(io.name ?? '')}`;
      },
    },
    {
      name: 'Subobject',
      type: 'string',
      priority: 1,
      cell: (o) => String(dig(o.involvedObject, 'fieldPath') ?? ''),
    },
    {
      name: 'Source',
      type: 'string',
      priority: 1,
      cell: (o) => {
        const component = String(dig(o.source, 'component') ?? o.reportingComponent ?? '');
        const host = dig(o.source, 'host');
        return typeof host === 'string' && host ? `${component}, ${host}` : component;
      },
    },
    { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
    {
      name: 'First Seen',
      type: 'string',
      priority: 1,
      cell: (o, now) =>
        shortAge(
          String(o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp ?? ''),
          now,
        ),
    },
    {
      name: 'Count',
      type: 'string',
      priority: 1,
      cell: (o) => String(typeof o.count === 'number' && o.count > 0 ? o.count : 1),
    },
    { name: 'Name', type: 'string', priority: 1, cell: (o) => o.metadata.name ?? '' },
  ],
  Lease: [
    name,
    { name: 'Holder', type: 'string', cell: (o) => String(o.spec?.holderIdentity ?? '') },
    age,
  ],
  Node: [
    name,
    { name: 'Status', type: 'string', cell: () => 'Ready' },
    { name: 'Roles', type: 'string', cell: () => 'control-plane' },
    age,
    { name: 'Version', type: 'string', cell: () => 'v1.32.4' },
    {
      name: 'Internal-IP',
      type: 'string',
      priority: 1,
      cell: (o) => nodeAddress(o, 'InternalIP'),
    },
    {
      name: 'External-IP',
      type: 'string',
      priority: 1,
      cell: (o) => nodeAddress(o, 'ExternalIP'),
    },
    {
      name: 'OS-Image',
      type: 'string',
      priority: 1,
      cell: (o) => String(dig(o.status, 'nodeInfo', 'osImage') ?? '<unknown>'),
    },
    {
      name: 'Kernel-Version',
      type: 'string',
      priority: 1,
      cell: (o) => String(dig(o.status, 'nodeInfo', 'kernelVersion') ?? '<unknown>'),
    },
    {
      name: 'Container-Runtime',
      type: 'string',
      priority: 1,
      cell: (o) => String(dig(o.status, 'nodeInfo', 'containerRuntimeVersion') ?? '<unknown>'),
    },
  ],
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: () => '0' },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => String(o.status?.podIP ?? '<none>') },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: (o) => String(o.spec?.nodeName ?? '<none>'),
    },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => String(o.status?.phase ?? '') },
    age,
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(o.status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => num(o.status?.availableReplicas) },
    age,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  StatefulSet: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    },
    age,
    containersCol,
    imagesCol,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(o.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: (o) => num(o.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => num(o.status?.readyReplicas) },
    age,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(isPlainObject(o.data) ? o.data : {}).length,
    },
    age,
  ],
};
