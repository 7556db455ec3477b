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
      // The kubelet's own labels (arch/os twice: the beta ones are still set).
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
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
        // The pressure conditions kubectl describe lists before Ready.
        conditions: [
          ...[
            [
              'MemoryPressure',
              'KubeletHasSufficientMemory',
              'kubelet has sufficient memory available',
            ],
            ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
            ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
          ].map(([type, reason, message]) => ({
            type,
            status: 'False',
            reason,
            message,
            lastHeartbeatTime: t,
            lastTransitionTime: t,
          })),
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
          machineID: 'b5a3c1d2e4f60718293a4b5c6d7e8f90',
          systemUUID: 'b5a3c1d2-e4f6-0718-293a-4b5c6d7e8f90',
          bootID: '0d6f1f8e-2b9a-4c3e-9f1d-7a5b3c2e1d0f',
          kernelVersion: '6.8.0-kube-sim',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          containerRuntimeVersion: 'containerd://1.7.24',
          kubeletVersion: 'v1.32.4',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    }),
  );
}
