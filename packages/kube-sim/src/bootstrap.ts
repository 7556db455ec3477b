import type { Api } from './api.js';
import { NODE_NAME } from './controllers/kubelet.js';
import { kubeTime } from './object.js';
import { mustResource } from './resources.js';

/** What a fresh cluster has: the four system namespaces, service/kubernetes and one Ready node. */
export async function bootstrap(api: Api, now: number): Promise<void> {
  const ns = mustResource('', 'namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await api.create(ns, '', {
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    });
  }
  // The default user-facing ClusterRoles, which chart RoleBindings commonly reference.
  const clusterRoles = mustResource('rbac.authorization.k8s.io', 'clusterroles');
  await api.create(clusterRoles, '', {
    metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  });
  for (const name of ['admin', 'edit', 'view']) {
    await api.create(clusterRoles, '', {
      metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${name}`]: 'true' } },
        ],
      },
      rules: [],
    });
  }
  // Every cluster serves itself as service/kubernetes on the first service IP.
  await api.create(mustResource('', 'services'), 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  });
  const t = kubeTime(now);
  await api.create(mustResource('', 'nodes'), '', {
    metadata: {
      name: NODE_NAME,
      labels: {
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: {},
  });
  await api.registry.guaranteedUpdate(
    mustResource('', 'nodes'),
    '',
    NODE_NAME,
    'status',
    (cur) => ({
      ...cur,
      status: {
        capacity: { cpu: '64', memory: '256Gi', pods: '30000' },
        allocatable: { cpu: '64', memory: '256Gi', pods: '30000' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: t,
            lastTransitionTime: t,
          },
        ],
        addresses: [
          { type: 'InternalIP', address: '10.0.0.1' },
          { type: 'Hostname', address: NODE_NAME },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.4',
          containerRuntimeVersion: 'containerd://kube-sim',
          osImage: 'kube-sim',
          architecture: 'amd64',
          operatingSystem: 'linux',
        },
      },
    }),
  );
}
