import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mustResource } from '../src/index.js';
import { eventually, kubectl } from './helpers.js';
import { kubectlSuite } from './kubectl-fixture.js';

const s = kubectlSuite();

describe('kubectl drives workloads on kube-sim', () => {
  it('applies a manifest, and re-applying it changes nothing', async () => {
    const file = s.applyFile('apply-a');
    const first = await s.k('apply', '-f', file);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('deployment.apps/web created');
    // Let the controllers settle first: status updates legitimately bump the resourceVersion.
    await s.k('-n', 'apply-a', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const rvBefore = (await s.json('-n', 'apply-a', 'get', 'deploy', 'web')).metadata
      .resourceVersion;
    const again = await s.k('apply', '-f', file);
    expect(again.stdout).toContain('deployment.apps/web unchanged');
    const rvAfter = (await s.json('-n', 'apply-a', 'get', 'deploy', 'web')).metadata
      .resourceVersion;
    expect(rvAfter).toBe(rvBefore);
  });

  it('rolls a Deployment out, so rollout status and wait --for=condition=Available succeed', async () => {
    await s.k('apply', '-f', s.applyFile('rollout-a'));
    const status = await s.k('-n', 'rollout-a', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const wait = await s.k(
      '-n',
      'rollout-a',
      'wait',
      '--for=condition=Available',
      'deploy/web',
      '--timeout=20s',
    );
    expect(wait.stdout).toContain('deployment.apps/web condition met');
    const d = await s.json('-n', 'rollout-a', 'get', 'deploy', 'web');
    expect(d.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
    });
    expect(d.status.observedGeneration).toBe(d.metadata.generation);
  });

  it('records controller Events, found by involvedObject field selectors', async () => {
    await s.k('apply', '-f', s.applyFile('events-a'));
    await s.k('-n', 'events-a', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const ev = await s.json(
      '-n',
      'events-a',
      'get',
      'events',
      '--field-selector',
      'involvedObject.kind=Deployment,involvedObject.name=web',
    );
    expect(ev.items.map((e: { reason: string }) => e.reason)).toEqual(['ScalingReplicaSet']);
    expect(ev.items[0].message).toMatch(/^Scaled up replica set web-[a-z0-9]+ from 0 to 2$/);
    const described = await s.k('-n', 'events-a', 'describe', 'pod', '-l', 'app=web');
    expect(described.stdout).toMatch(
      /Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned events-a\/web-/,
    );
  });

  it('creates StatefulSet pods in order with ordinal names', async () => {
    await s.k('apply', '-f', s.applyFile('sts-a'));
    const status = await s.k('-n', 'sts-a', 'rollout', 'status', 'sts/db', '--timeout=20s');
    expect(status.code).toBe(0);
    const pods = await s.json('-n', 'sts-a', 'get', 'pods', '-l', 'app=db');
    const byName = new Map<string, string>(
      pods.items.map((p: { metadata: { name: string; creationTimestamp: string } }) => [
        p.metadata.name,
        p.metadata.creationTimestamp,
      ]),
    );
    expect([...byName.keys()].sort()).toEqual(['db-0', 'db-1', 'db-2']);
    const rvs = pods.items
      .sort((a: { metadata: { name: string } }, b: { metadata: { name: string } }) =>
        a.metadata.name.localeCompare(b.metadata.name),
      )
      .map((p: { metadata: { uid: string; resourceVersion: string } }) => p);
    expect(rvs).toHaveLength(3);
  });

  it('lists with kind XList and items without kind, and pods carry the template resource requests', async () => {
    await s.k('apply', '-f', s.applyFile('list-a'));
    await eventually(
      async () => (await s.json('-n', 'list-a', 'get', 'pods', '-l', 'app=web')).items.length === 2,
    );
    const r = await s.k('-n', 'list-a', 'get', 'pods', '-l', 'app=web', '-o', 'json');
    // kubectl re-wraps lists as kind List; the raw server answer is checked in the HTTP suite.
    const list = JSON.parse(r.stdout);
    expect(list.items[0].spec.containers[0].resources.requests).toEqual({
      cpu: '100m',
      memory: '64Mi',
    });
    expect(list.items[0].metadata.labels['pod-template-hash']).toMatch(
      /^[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    const rawList = JSON.parse(
      (await s.k('get', '--raw', '/api/v1/namespaces/list-a/pods')).stdout,
    );
    expect(rawList.kind).toBe('PodList');
    expect(rawList.items[0].kind).toBeUndefined();
    expect(rawList.items[0].apiVersion).toBeUndefined();
  });

  it('scales a Deployment through the scale subresource', async () => {
    await s.k('apply', '-f', s.applyFile('scale-a'));
    const r = await s.k('-n', 'scale-a', 'scale', 'deploy/web', '--replicas=4');
    expect(r.stdout).toContain('deployment.apps/web scaled');
    await s.k('-n', 'scale-a', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const d = await s.json('-n', 'scale-a', 'get', 'deploy', 'web');
    expect(d.spec.replicas).toBe(4);
    expect(d.status.readyReplicas).toBe(4);
    expect(s.sim.countRequests({ verb: 'patch', resource: 'deployments' })).toBeGreaterThan(0);
    const scale = JSON.parse(
      (await s.k('get', '--raw', '/apis/apps/v1/namespaces/scale-a/deployments/web/scale')).stdout,
    );
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 4 },
      status: { replicas: 4, selector: 'app=web' },
    });
  });

  it('streams watch events with get -w, including a deletion', async () => {
    await s.k('apply', '-f', s.applyFile('watch-a', 1));
    await eventually(
      async () =>
        (await s.json('-n', 'watch-a', 'get', 'pods', '-l', 'app=web')).items.length === 1,
    );
    const child = spawn('kubectl', [
      '--kubeconfig',
      s.sim.kubeconfigPath,
      '-n',
      'watch-a',
      'get',
      'cm',
      '-w',
      '-o',
      'json',
      '--output-watch-events',
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      await eventually(
        () =>
          s.sim.countRequests({ verb: 'watch', resource: 'configmaps', namespace: 'watch-a' }) > 0,
      );
      await s
        .k(
          '-n',
          'watch-a',
          'create',
          'configmap',
          'watched',
          '--from-literal=a=b',
          '--dry-run=client',
          '-o',
          'json',
        )
        .then((r) =>
          kubectl(s.sim.kubeconfigPath, ['-n', 'watch-a', 'apply', '-f', '-'], r.stdout),
        );
      await s.k('-n', 'watch-a', 'delete', 'cm', 'watched');
      await eventually(() => out.includes('"DELETED"'));
    } finally {
      child.kill();
    }
    const types = out
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } })
      .map((e) => `${e.type} ${e.object.metadata.name}`);
    // kubectl lists first: the namespace's kube-root-ca.crt shows up as ADDED, like on a real cluster.
    expect(types).toEqual(['ADDED kube-root-ca.crt', 'ADDED watched', 'DELETED watched']);
  });

  it('deletes a Deployment and the garbage collector removes its ReplicaSets and pods', async () => {
    await s.k('apply', '-f', s.applyFile('gc-a'));
    await s.k('-n', 'gc-a', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const r = await s.k('-n', 'gc-a', 'delete', 'deploy', 'web');
    expect(r.stdout).toContain('deployment.apps "web" deleted');
    await eventually(async () => (await s.json('-n', 'gc-a', 'get', 'rs')).items.length === 0);
    await eventually(
      async () => (await s.json('-n', 'gc-a', 'get', 'pods', '-l', 'app=web')).items.length === 0,
    );
  });

  it.each([
    {
      name: 'foreground cascading deletion removes the ReplicaSets and pods first',
      cascade: 'foreground',
      left: 0,
    },
    {
      name: 'orphaning deletion keeps the ReplicaSet, without its owner reference',
      cascade: 'orphan',
      left: 1,
    },
  ])('$name', async ({ cascade, left }) => {
    const ns = `cascade-${cascade}`;
    await s.k('create', 'namespace', ns);
    await s.k('-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27');
    await s.k('-n', ns, 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const r = await s.k(
      '-n',
      ns,
      'delete',
      'deployment',
      'web',
      `--cascade=${cascade}`,
      '--wait=true',
    );
    expect(r.stdout).toContain('deployment.apps "web" deleted');
    await eventually(async () => (await s.json('-n', ns, 'get', 'rs')).items.length === left);
    const rs = await s.json('-n', ns, 'get', 'rs');
    for (const item of rs.items) expect(item.metadata.ownerReferences).toBeUndefined();
    expect((await s.json('-n', ns, 'get', 'deploy')).items).toHaveLength(0);
  });

  it('applies the stored-only kinds a chart ships (RBAC, PodDisruptionBudget, Ingress, PVC)', async () => {
    const chart = `apiVersion: v1
kind: Namespace
metadata: {name: chart-a}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: chart-a-agent}
rules: [{apiGroups: [apps], resources: [deployments/scale], verbs: [patch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: agent-view, namespace: chart-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: default, namespace: chart-a}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: agent, namespace: chart-a}
spec: {minAvailable: 1, selector: {matchLabels: {app: agent}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: hub, namespace: chart-a}
spec:
  rules: [{host: hub.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: hub, port: {number: 80}}}}]}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: chart-a}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;
    const r = await kubectl(s.sim.kubeconfigPath, ['apply', '-f', '-'], chart);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('rolebinding.rbac.authorization.k8s.io/agent-view created');
    expect((await s.json('get', 'clusterrole', 'view')).metadata.name).toBe('view');
    expect((await s.json('-n', 'chart-a', 'get', 'pvc', 'data')).status.phase).toBe('Pending');
  });

  it('deletes a namespace: Terminating, contents removed, then gone', async () => {
    await s.k('apply', '-f', s.applyFile('ns-del'));
    await s.k('-n', 'ns-del', 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const r = await s.k('delete', 'namespace', 'ns-del', '--wait=true', '--timeout=20s');
    expect(r.stdout).toContain('namespace "ns-del" deleted');
    const get = await s.k('get', 'namespace', 'ns-del');
    expect(get.stderr).toContain('Error from server (NotFound): namespaces "ns-del" not found');
    expect(s.sim.store.list(mustResource('', 'pods'), 'ns-del')).toHaveLength(0);
  });

  it('rolls back with rollout undo by reusing the old ReplicaSet under the next revision', async () => {
    const ns = 'undo-a';
    await s.k('create', 'namespace', ns);
    await s.k('-n', ns, 'create', 'deployment', 'web', '--image=nginx:1');
    await s.k('-n', ns, 'rollout', 'status', 'deploy/web', '--timeout=20s');
    await s.k('-n', ns, 'set', 'image', 'deploy/web', 'nginx=nginx:2');
    await s.k('-n', ns, 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const undo = await s.k('-n', ns, 'rollout', 'undo', 'deploy/web');
    expect(undo.stdout).toContain('deployment.apps/web rolled back');
    await s.k('-n', ns, 'rollout', 'status', 'deploy/web', '--timeout=20s');
    const rs = await s.json('-n', ns, 'get', 'rs');
    const live = rs.items.filter((r: { spec: { replicas: number } }) => r.spec.replicas > 0);
    expect(rs.items).toHaveLength(2);
    expect(live).toHaveLength(1);
    expect(live[0].spec.template.spec.containers[0].image).toBe('nginx:1');
    expect(live[0].metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
  });
});
