import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderKubeconfig } from '../src/index.js';
import { kubectl } from './helpers.js';
import { kubectlSuite } from './kubectl-fixture.js';

const s = kubectlSuite();

describe('kubectl edits objects on kube-sim', () => {
  it.each([
    {
      // The real list merge puts the patch's elements first, then the remaining originals.
      name: 'a strategic merge patch adds an env var by merge key before the existing one',
      type: 'strategic',
      patch:
        '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}',
      path: '{.spec.template.spec.containers[0].env[*].name}',
      want: 'B A',
    },
    {
      name: 'a JSON merge patch replaces the whole containers list',
      type: 'merge',
      patch: '{"spec":{"template":{"spec":{"containers":[{"name":"other","image":"busybox:1"}]}}}}',
      path: '{.spec.template.spec.containers[*].name}',
      want: 'other',
    },
    {
      name: 'a JSON patch replaces one field',
      type: 'json',
      patch: '[{"op":"replace","path":"/spec/replicas","value":3}]',
      path: '{.spec.replicas}',
      want: '3',
    },
  ])('$name', async ({ type, patch, path, want }) => {
    const ns = `patch-${type}`;
    await s.k('apply', '-f', s.applyFile(ns));
    const before = await s.json('-n', ns, 'get', 'deploy', 'web');
    const r = await s.k('-n', ns, 'patch', 'deploy', 'web', `--type=${type}`, '-p', patch);
    expect(r.stderr).toBe('');
    const out = await s.k('-n', ns, 'get', 'deploy', 'web', '-o', `jsonpath=${path}`);
    expect(out.stdout).toBe(want);
    const after = await s.json('-n', ns, 'get', 'deploy', 'web');
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });

  // The handler's bare 422 carries no cause: the reason a JSON patch failed stays server-side.
  it.each([
    {
      name: 'rejects a JSON patch whose test operation fails and leaves the object alone',
      ns: 'patch-test',
      patch:
        '[{"op":"test","path":"/spec/replicas","value":7},{"op":"replace","path":"/spec/replicas","value":9}]',
    },
    {
      name: 'rejects a JSON patch removing a missing label the way kubectl reports it',
      ns: 'patch-remove',
      patch: '[{"op":"remove","path":"/metadata/labels/not-there"}]',
    },
  ])('$name', async ({ ns, patch }) => {
    await s.k('apply', '-f', s.applyFile(ns));
    const r = await s.k('-n', ns, 'patch', 'deploy', 'web', '--type=json', '-p', patch);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    expect((await s.json('-n', ns, 'get', 'deploy', 'web')).spec.replicas).toBe(2);
  });

  it('applies server-side with a field manager and then removes a field the manager dropped', async () => {
    const ns = 'ssa-a';
    await s.k('create', 'namespace', ns).catch(() => undefined);
    await s.k('apply', '-f', s.applyFile(ns));
    const cm = (data: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf, namespace: ${ns}}\ndata: {${data}}\n`;
    const p1 = join(s.dir, 'cm1.yaml');
    writeFileSync(p1, cm('a: "1", b: "2"'));
    const r1 = await s.k('apply', '--server-side', '--field-manager=curfew', '-f', p1);
    expect(r1.stdout).toContain('configmap/conf serverside-applied');
    writeFileSync(p1, cm('a: "1"'));
    await s.k('apply', '--server-side', '--field-manager=curfew', '-f', p1);
    expect((await s.json('-n', ns, 'get', 'cm', 'conf')).data).toEqual({ a: '1' });
  });

  it('reports a server-side apply conflict with the owning manager, and --force-conflicts takes the field', async () => {
    const ns = 'ssa-conflict';
    await s.k('create', 'namespace', ns);
    const create = await s.k(
      '-n',
      ns,
      'create',
      'deployment',
      'web',
      '--image=nginx:1.27',
      '--replicas=1',
    );
    expect(create.stderr).toBe('');
    const p = join(s.dir, 'ssa-deploy.yaml');
    writeFileSync(
      p,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: nginx, image: nginx:1.27}]\n`,
    );
    const conflict = await s.k('apply', '--server-side', '-f', p);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
    expect((await s.json('-n', ns, 'get', 'deploy', 'web')).spec.replicas).toBe(1);
    const forced = await s.k('apply', '--server-side', '--force-conflicts', '-f', p);
    expect(forced.stdout).toContain('deployment.apps/web serverside-applied');
    expect((await s.json('-n', ns, 'get', 'deploy', 'web')).spec.replicas).toBe(3);
  });

  it.each([
    {
      name: 'creating in a missing namespace is NotFound on the namespace',
      args: ['-n', 'missing-ns', 'apply', '-f', '-'],
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      want: 'namespaces "missing-ns" not found',
    },
    {
      name: 'deleting the default namespace is Forbidden',
      args: ['delete', 'namespace', 'default'],
      stdin: undefined,
      want: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted',
    },
    {
      name: 'getting a missing object is NotFound with the qualified resource name',
      args: ['-n', 'default', 'get', 'deploy', 'nope'],
      stdin: undefined,
      want: 'Error from server (NotFound): deployments.apps "nope" not found',
    },
  ])('$name', async ({ args, stdin, want }) => {
    const r = await kubectl(s.sim.kubeconfigPath, args, stdin);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(want);
  });

  it('accepts the protobuf bodies of kubectl create, run and expose', async () => {
    const ns = 'proto-a';
    const steps = [
      ['create', 'namespace', ns],
      ['-n', ns, 'create', 'configmap', 'c', '--from-literal=a=b'],
      ['-n', ns, 'create', 'secret', 'generic', 's', '--from-literal=p=q'],
      ['-n', ns, 'create', 'serviceaccount', 'robot'],
      ['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'],
      ['-n', ns, 'create', 'deployment', 'idle', '--image=nginx:1.27', '--replicas=0'],
      [
        '-n',
        ns,
        'create',
        'cronjob',
        'cj',
        '--image=busybox:1',
        '--schedule=*/5 * * * *',
        '--',
        'echo',
        'hi',
      ],
      ['-n', ns, 'run', 'solo', '--image=nginx:1.27', '--env=A=1', '--labels=x=y'],
      ['-n', ns, 'expose', 'deployment', 'web', '--port=8080', '--target-port=80'],
    ];
    for (const args of steps) {
      const r = await s.k(...args);
      expect(r.stderr, args.join(' ')).toBe('');
    }
    expect((await s.json('-n', ns, 'get', 'cm', 'c')).data).toEqual({ a: 'b' });
    expect((await s.json('-n', ns, 'get', 'secret', 's')).data).toEqual({
      p: Buffer.from('q').toString('base64'),
    });
    expect((await s.json('-n', ns, 'get', 'deploy', 'idle')).spec.replicas).toBe(0);
    const web = await s.json('-n', ns, 'get', 'deploy', 'web');
    expect(web.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80 }],
    });
    expect((await s.json('-n', ns, 'get', 'cronjob', 'cj')).spec.schedule).toBe('*/5 * * * *');
    expect((await s.json('-n', ns, 'get', 'pod', 'solo')).spec.containers[0].env).toEqual([
      { name: 'A', value: '1' },
    ]);
    const svc = await s.json('-n', ns, 'get', 'svc', 'web');
    expect(svc.spec).toMatchObject({
      ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }],
      selector: { app: 'web' },
      type: 'ClusterIP',
    });
    expect(svc.spec.clusterIP).toMatch(/^10\.96\./);
  });

  it('creates a kind: List without --validate=false (OpenAPI v2 is served, schema-less)', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'listed', namespace: 'default' } },
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'listed' },
          webhooks: [],
        },
      ],
    };
    const r = await kubectl(s.sim.kubeconfigPath, ['create', '-f', '-'], JSON.stringify(list));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'validatingwebhookconfiguration.admissionregistration.k8s.io/listed created',
    );
  });

  it.each([
    {
      name: 'auth can-i answers yes (no RBAC is simulated)',
      args: ['auth', 'can-i', 'delete', 'deployments'],
      want: 'yes',
    },
    {
      name: 'auth whoami names the simulated admin',
      args: ['auth', 'whoami'],
      want: 'kube-sim-admin',
    },
    {
      name: 'logs of an existing pod are empty but succeed',
      args: ['-n', 'default', 'logs', 'logged'],
      want: '',
    },
  ])('$name', async ({ args, want }) => {
    await s.k('-n', 'default', 'run', 'logged', '--image=nginx:1.27');
    const r = await s.k(...args);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toContain(want);
  });

  it('refuses a kubeconfig with the wrong bearer token', async () => {
    const p = join(s.dir, 'wrong-token');
    writeFileSync(p, renderKubeconfig({ server: s.sim.url, caPem: s.sim.caPem, token: 'wrong' }));
    const r = await kubectl(p, ['get', 'ns'], '');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
