import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, kubectl, raw } from './helpers.js';

// What a real v1.32 kube-apiserver shows kubectl and its users that kube-sim used to get wrong:
// managedFields, the printers' -o wide columns and Table options, unknown-field validation,
// verbs in discovery and routing, and update validation messages.

let sim: KubeSim;
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);
const k = (...args: string[]) => kubectl(sim.kubeconfigPath, args);
// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers deeply.
type Obj = Record<string, any>;

const NS = '/api/v1/namespaces/fid';
const pod = (name: string, spec: Obj = {}) => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-fidelity-'));
  sim = await startKubeSim({ readyDelayMs: 50, kubeconfigPath: join(dir, 'kubeconfig') });
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'fid' } });
  await eventually(async () => (await call('GET', `${NS}/serviceaccounts/default`)).status === 200);
  // The StatefulSet the -o wide table checks.
  await call('POST', '/apis/apps/v1/namespaces/fid/statefulsets', {
    metadata: { name: 'st-statefulsets' },
    spec: {
      replicas: 0,
      serviceName: 'st',
      selector: { matchLabels: { app: 'st' } },
      template: {
        metadata: { labels: { app: 'st' } },
        spec: { containers: [{ name: 'c', image: 'x:1' }] },
      },
    },
  });
});
afterAll(async () => {
  await sim?.stop();
});

describe('metadata.managedFields', () => {
  it('records the creating manager, the scaler and the controller status writer', async () => {
    expect((await k('-n', 'fid', 'create', 'deployment', 'mf', '--image=nginx:1.27')).code).toBe(0);
    expect((await k('-n', 'fid', 'scale', 'deployment', 'mf', '--replicas=2')).code).toBe(0);
    const d = (await eventually(async () => {
      const o = (await call('GET', '/apis/apps/v1/namespaces/fid/deployments/mf')).body as Obj;
      return o.status?.availableReplicas === 2 ? o : undefined;
    })) as Obj;
    const entries = d.metadata.managedFields as Obj[];
    const summary = entries.map((e) => [e.manager, e.operation, e.subresource ?? '']);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['kubectl-create', 'Update', ''],
        ['kubectl', 'Update', 'scale'],
        ['kube-controller-manager', 'Update', 'status'],
      ]),
    );
    const create = entries.find((e) => e.manager === 'kubectl-create') as Obj;
    expect(create).toMatchObject({ apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(create.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The scale moved spec.replicas away from kubectl-create; the selector is atomic.
    expect(create.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(create.fieldsV1['f:spec']['f:selector']).toEqual({});
    expect(
      create.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}'],
    ).toMatchObject({ '.': {}, 'f:image': {} });
    const scale = entries.find((e) => e.subresource === 'scale') as Obj;
    expect(scale.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('lists Apply entries first and kubectl hides them unless asked', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n';
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-ssa-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, cm);
    expect((await k('-n', 'fid', 'apply', '--server-side', '-f', file)).code).toBe(0);
    expect((await k('-n', 'fid', 'label', 'configmap', 'ssa', 'x=y')).code).toBe(0);
    const o = (await call('GET', `${NS}/configmaps/ssa`)).body as Obj;
    expect(o.metadata.managedFields.map((e: Obj) => [e.manager, e.operation])).toEqual([
      ['kubectl', 'Apply'],
      ['kubectl-label', 'Update'],
    ]);
    expect(o.metadata.managedFields[0].fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    const plain = await k('-n', 'fid', 'get', 'configmap', 'ssa', '-o', 'yaml');
    expect(plain.stdout).not.toContain('managedFields');
    const shown = await k('-n', 'fid', 'get', 'cm', 'ssa', '-o', 'yaml', '--show-managed-fields');
    expect(shown.stdout).toContain('manager: kubectl-label');
  });

  it('keeps one entry per manager and operation: an applier that also patches has two', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-ssa-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\ndata: {a: "1"}\n',
    );
    const m = '--field-manager=curfew';
    expect((await k('-n', 'fid', 'apply', '--server-side', m, '-f', file)).code).toBe(0);
    const patched = await k('-n', 'fid', 'patch', 'cm', 'twice', m, '-p', '{"data":{"b":"2"}}');
    expect(patched.stderr).toBe('');
    expect((await k('-n', 'fid', 'apply', '--server-side', m, '-f', file)).code).toBe(0);
    const o = (await call('GET', `${NS}/configmaps/twice`)).body as Obj;
    expect(o.metadata.managedFields.map((e: Obj) => [e.manager, e.operation])).toEqual([
      ['curfew', 'Apply'],
      ['curfew', 'Update'],
    ]);
    expect(o.metadata.managedFields[0].fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(o.metadata.managedFields[1].fieldsV1).toMatchObject({ 'f:data': { 'f:b': {} } });
    expect(o.data).toEqual({ a: '1', b: '2' });
  });

  it('does not attribute what admission added to the pod creator', async () => {
    const p = (await call('POST', `${NS}/pods`, pod('adm'))).body as Obj;
    const creator = (p.metadata.managedFields as Obj[]).find((e) => !e.subresource) as Obj;
    expect(Object.keys(creator.fieldsV1['f:spec'])).not.toContain('f:tolerations');
    expect(Object.keys(creator.fieldsV1['f:spec'])).toContain('f:dnsPolicy');
  });
});

describe('kubectl get -o wide columns of the server-side printers', () => {
  it.each([
    {
      name: 'Deployments add CONTAINERS, IMAGES and SELECTOR',
      type: 'deployment/mf',
      extra: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
      cells: ['nginx', 'nginx:1.27', 'app=mf'],
    },
    {
      name: 'ReplicaSets add CONTAINERS, IMAGES and SELECTOR',
      type: 'rs',
      extra: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
      cells: ['pod-template-hash='],
    },
    {
      name: 'StatefulSets add CONTAINERS and IMAGES',
      type: 'sts/st-statefulsets',
      extra: ['CONTAINERS', 'IMAGES'],
      cells: ['x:1'],
    },
  ])('$name', async ({ type, extra, cells }) => {
    const r = await k('-n', 'fid', 'get', type, '-o', 'wide');
    expect(r.stderr).toBe('');
    const header = r.stdout.split('\n')[0]?.split(/\s{2,}/) ?? [];
    expect(header.slice(-extra.length)).toEqual(extra);
    for (const c of cells) expect(r.stdout).toContain(c);
  });

  it('Services add SELECTOR', async () => {
    expect(
      (await k('-n', 'fid', 'create', 'service', 'clusterip', 'web', '--tcp=80:8080')).code,
    ).toBe(0);
    const r = await k('-n', 'fid', 'get', 'svc', 'web', '-o', 'wide');
    expect(r.stdout.split('\n')[0]).toMatch(/AGE\s+SELECTOR$/);
    expect(r.stdout).toMatch(/app=web\s*$/m);
  });
});

describe('validation messages of updates', () => {
  const path = '/apis/apps/v1/namespaces/fid/deployments/mf';

  it('a negative replica count through /scale is invalid on the Scale, not the Deployment', async () => {
    const r = await call(
      'PATCH',
      `${path}/scale`,
      { spec: { replicas: -1 } },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      message:
        'Scale.autoscaling "mf" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'mf', group: 'autoscaling', kind: 'Scale' },
    });
  });

  // 1.32 prints composite values with Go's %#v (kubernetes#132314 moved to JSON in 1.34).
  it('changing a Deployment selector reports the template mismatch and the immutable selector together', async () => {
    const r = await call(
      'PATCH',
      path,
      { spec: { selector: { matchLabels: { app: 'other' } } } },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(422);
    expect((r.body as Obj).message).toBe(
      'Deployment.apps "mf" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"mf"}: `selector` does not match template `labels`, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable]',
    );
  });
});

describe('server-side field validation of unknown fields', () => {
  const typo = `apiVersion: apps/v1
kind: Deployment
metadata: {name: typo, namespace: fid}
spec:
  replica: 2
  selector: {matchLabels: {app: typo}}
  template:
    metadata: {labels: {app: typo}}
    spec:
      containers: [{name: c, image: nginx, imagePolicy: Always}]
`;

  it('kubectl apply (fieldValidation=Strict) is refused with the strict decoding error', async () => {
    const r = await kubectl(sim.kubeconfigPath, ['apply', '-f', '-'], typo);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePolicy"',
    );
  });

  it('--validate=warn creates it, prints the warnings, and the unknown fields are dropped', async () => {
    const r = await kubectl(sim.kubeconfigPath, ['apply', '--validate=warn', '-f', '-'], typo);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: unknown field "spec.replica"');
    expect(r.stderr).toContain(
      'Warning: unknown field "spec.template.spec.containers[0].imagePolicy"',
    );
    const d = (await call('GET', '/apis/apps/v1/namespaces/fid/deployments/typo')).body as Obj;
    expect(d.spec.replica).toBeUndefined();
    expect(d.spec.template.spec.containers[0].imagePolicy).toBeUndefined();
  });

  it('a client that names no fieldValidation (Warn) gets Warning headers', async () => {
    const r = await call('POST', `${NS}/configmaps`, { metadata: { name: 'w' }, dta: { a: '1' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('warning')).toBe('299 - "unknown field \\"dta\\""');
    expect((r.body as Obj).dta).toBeUndefined();
  });

  it('a strategic merge patch with fieldValidation=Strict gets the bare strict decoding error', async () => {
    const r = await raw(
      sim.url,
      'PATCH',
      '/apis/apps/v1/namespaces/fid/deployments/typo?fieldValidation=Strict',
      { spec: { replicaz: 3 } },
      'application/strategic-merge-patch+json',
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      reason: 'BadRequest',
      message: 'strict decoding error: unknown field "spec.replicaz"',
    });
  });
});

describe('discovery and routing of verbs', () => {
  it('namespaces are not deletecollection-able: not in discovery, and the collection DELETE is 405', async () => {
    const d = (await call('GET', '/api/v1')).body as Obj;
    const ns = (d.resources as Obj[]).find((r) => r.name === 'namespaces') as Obj;
    expect(ns.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    const r = await call('DELETE', '/api/v1/namespaces');
    expect(r.status).toBe(405);
    expect(r.body).toBe('405: Method Not Allowed');
  });

  it('a PUT on a collection is go-restful 405, not 404', async () => {
    const r = await call('PUT', `${NS}/configmaps`, { metadata: { name: 'x' } });
    expect(r.status).toBe(405);
  });

  it('kubectl get all also asks for replicationcontrollers, as on a cluster', async () => {
    const before = sim.countRequests({ verb: 'list', resource: 'replicationcontrollers' });
    const r = await k('-n', 'fid', 'get', 'all');
    expect(r.code).toBe(0);
    expect(sim.countRequests({ verb: 'list', resource: 'replicationcontrollers' })).toBe(
      before + 1,
    );
  });
});

describe('more -o wide columns: events and nodes', () => {
  it('kubectl get events -o wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME', async () => {
    await call(
      'POST',
      `${NS}/pods`,
      pod('ev', { containers: [{ name: 'app', image: 'nginx:1' }] }),
    );
    await eventually(async () => {
      const r = await call('GET', `${NS}/events?fieldSelector=reason%3DStarted`);
      return ((r.body as Obj).items as Obj[]).length > 0;
    });
    const r = await k(
      '-n',
      'fid',
      'get',
      'events',
      '-o',
      'wide',
      '--field-selector',
      'reason=Started',
    );
    expect(r.stderr).toBe('');
    const header = r.stdout.split('\n')[0]?.split(/\s{2,}/) ?? [];
    expect(header).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT',
      'SOURCE',
      'MESSAGE',
      'FIRST SEEN',
      'COUNT',
      'NAME',
    ]);
    expect(r.stdout).toMatch(
      /spec\.containers\{app\}\s+kubelet, kube-sim-node\s+Started container app/,
    );
  });

  it('kubectl get nodes -o wide shows the node addresses, OS image, kernel and runtime', async () => {
    const r = await k('get', 'nodes', '-o', 'wide');
    const header = r.stdout.split('\n')[0]?.split(/\s{2,}/) ?? [];
    expect(header.slice(5)).toEqual([
      'INTERNAL-IP',
      'EXTERNAL-IP',
      'OS-IMAGE',
      'KERNEL-VERSION',
      'CONTAINER-RUNTIME',
    ]);
    expect(r.stdout).toContain('Debian GNU/Linux 12 (bookworm)');
    expect(r.stdout).toContain('containerd://1.7.24');
  });
});

describe('server-side Table options', () => {
  const asTable = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
  it.each([
    {
      name: 'includeObject=None leaves rows without objects',
      q: 'includeObject=None',
      want: undefined,
    },
    {
      name: 'includeObject=Object carries the whole typed object',
      q: 'includeObject=Object',
      want: 'ConfigMap',
    },
    { name: 'the default carries PartialObjectMetadata', q: '', want: 'PartialObjectMetadata' },
  ])('$name', async ({ q, want }) => {
    const r = await raw(sim.url, 'GET', `${NS}/configmaps?${q}`, undefined, undefined, asTable);
    const rows = (r.body as Obj).rows as Obj[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.object?.kind).toBe(want);
  });

  it('a paged Table keeps continue and remainingItemCount', async () => {
    const r = await raw(sim.url, 'GET', `${NS}/configmaps?limit=1`, undefined, undefined, asTable);
    const meta = (r.body as Obj).metadata;
    expect(meta.continue).toEqual(expect.any(String));
    expect(meta.remainingItemCount).toBeGreaterThan(0);
  });
});
