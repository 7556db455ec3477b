import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, kubectl, raw } from './helpers.js';

// What a real v1.32 kube-apiserver answers that kube-sim used to get wrong, seen over raw
// HTTP: response headers, write-only and server-added fields, built-in pod admission, Events,
// deletion defaults, dry runs, Time encoding, Job counters, validation, Service allocation.

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
});
afterAll(async () => {
  await sim?.stop();
});

describe('response headers', () => {
  // WithAuditInit and WithCacheControl wrap every handler of the real filter chain.
  it.each([
    { name: 'a GET of an object carries Audit-Id and Cache-Control', path: `${NS}` },
    { name: 'a list carries them', path: `${NS}/configmaps` },
    { name: 'a 404 carries them', path: `${NS}/configmaps/missing` },
    { name: 'discovery carries them', path: '/api/v1' },
  ])('$name', async ({ path }) => {
    const r = await call('GET', path);
    expect(r.headers.get('cache-control')).toBe('no-cache, private');
    expect(r.headers.get('audit-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes an Audit-Id the client sent', async () => {
    const r = await raw(sim.url, 'GET', '/api/v1', undefined, undefined, { 'Audit-Id': 'abc-1' });
    expect(r.headers.get('audit-id')).toBe('abc-1');
  });
});

describe('what the server adds or drops on create', () => {
  it('merges Secret stringData into base64 data and never stores stringData', async () => {
    const r = await call('POST', `${NS}/secrets`, {
      metadata: { name: 'sd' },
      data: { keep: Buffer.from('k').toString('base64'), over: 'eA==' },
      stringData: { over: 'won', added: 'plain' },
    });
    expect(r.status).toBe(201);
    const got = (await call('GET', `${NS}/secrets/sd`)).body as Obj;
    expect(got.stringData).toBeUndefined();
    expect(got.data).toEqual({
      keep: Buffer.from('k').toString('base64'),
      over: Buffer.from('won').toString('base64'),
      added: Buffer.from('plain').toString('base64'),
    });
  });

  it('kubectl create secret --from-literal stores base64 data', async () => {
    const r = await k('-n', 'fid', 'create', 'secret', 'generic', 'lit', '--from-literal=pw=s3');
    expect(r.stderr).toBe('');
    const got = (await call('GET', `${NS}/secrets/lit`)).body as Obj;
    expect(got.data).toEqual({ pw: Buffer.from('s3').toString('base64') });
    expect(got.type).toBe('Opaque');
  });

  // PrepareForCreate resets status; counters without omitempty still serialise as 0.
  it.each([
    { name: 'a new Deployment answers with an empty status', plural: 'deployments', want: {} },
    {
      name: 'a new ReplicaSet answers with replicas 0',
      plural: 'replicasets',
      want: { replicas: 0 },
    },
    {
      name: 'a new StatefulSet answers with replicas and availableReplicas 0',
      plural: 'statefulsets',
      want: { replicas: 0, availableReplicas: 0 },
    },
  ])('$name', async ({ plural, want }) => {
    const name = `st-${plural}`;
    const r = await call('POST', `/apis/apps/v1/namespaces/fid/${plural}`, {
      metadata: { name },
      spec: {
        replicas: 0,
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'x:1' }] },
        },
      },
    });
    expect(r.status).toBe(201);
    expect((r.body as Obj).status).toEqual(want);
  });
});

describe('built-in pod admission (ServiceAccount, Priority, DefaultTolerationSeconds)', () => {
  it('gives a pod its service account, token volume and mount, priority and tolerations', async () => {
    const r = await call('POST', `${NS}/pods`, pod('adm'));
    expect(r.status).toBe(201);
    const spec = (r.body as Obj).spec;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.enableServiceLinks).toBe(true);
    expect(spec.priority).toBe(0);
    expect(spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const vol = spec.volumes[0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected.sources[0]).toEqual({
      serviceAccountToken: { expirationSeconds: 3607, path: 'token' },
    });
    expect(spec.containers[0].volumeMounts).toEqual([
      {
        name: vol.name,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ]);
  });

  it('mounts no token when the pod opts out, and keeps its own tolerations', async () => {
    const tol = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' };
    const r = await call(
      'POST',
      `${NS}/pods`,
      pod('noauto', { automountServiceAccountToken: false, tolerations: [tol] }),
    );
    const spec = (r.body as Obj).spec;
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].volumeMounts).toBeUndefined();
    expect(spec.tolerations).toEqual([
      tol,
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('resolves the system priority classes and refuses an unknown one with 403', async () => {
    const ok = await call(
      'POST',
      `${NS}/pods`,
      pod('crit', { priorityClassName: 'system-cluster-critical' }),
    );
    expect((ok.body as Obj).spec.priority).toBe(2000000000);
    const bad = await call('POST', `${NS}/pods`, pod('nopc', { priorityClassName: 'gold' }));
    expect(bad.status).toBe(403);
    expect(bad.body).toMatchObject({
      reason: 'Forbidden',
      message: 'pods "nopc" is forbidden: no PriorityClass with name gold was found',
    });
  });

  it('reports qualified images, podIPs and real-looking container IDs once running', async () => {
    await call(
      'POST',
      `${NS}/pods`,
      pod('run', { containers: [{ name: 'c', image: 'busybox:1.36' }] }),
    );
    const got = (await eventually(async () => {
      const p = (await call('GET', `${NS}/pods/run`)).body as Obj;
      return p.status?.phase === 'Running' ? p : undefined;
    })) as Obj;
    expect(got.status.podIPs).toEqual([{ ip: got.status.podIP }]);
    const cs = got.status.containerStatuses[0];
    expect(cs.image).toBe('docker.io/library/busybox:1.36');
    expect(cs.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.lastState).toEqual({});
  });
});

describe('Events as the real components write them', () => {
  it('the kubelet names the container and its node; the scheduler writes events.k8s.io/v1 style', async () => {
    await call(
      'POST',
      `${NS}/pods`,
      pod('ev', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
    );
    const items = (await eventually(async () => {
      const r = await call('GET', `${NS}/events?fieldSelector=involvedObject.name%3Dev`);
      const list = (r.body as Obj).items as Obj[];
      return list.some((e) => e.reason === 'Started') ? list : undefined;
    })) as Obj[];
    for (const e of items) expect(e.metadata.name).toMatch(/^ev\.[0-9a-f]{16}$/);
    const started = items.find((e) => e.reason === 'Started') as Obj;
    expect(started.involvedObject.fieldPath).toBe('spec.containers{app}');
    expect(started.source).toEqual({ component: 'kubelet', host: 'kube-sim-node' });
    expect(started.reportingInstance).toBe('kube-sim-node');
    expect(started.count).toBe(1);
    const scheduled = items.find((e) => e.reason === 'Scheduled') as Obj;
    expect(scheduled).toMatchObject({
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      source: {},
    });
    expect(scheduled.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(scheduled.count).toBeUndefined();
    expect(scheduled.lastTimestamp).toBeUndefined();
  });
});

describe('deletion defaults per resource', () => {
  it('a Job deleted without a propagationPolicy orphans its pods (batch/v1 default)', async () => {
    const job = {
      metadata: { name: 'orph' },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } },
      },
    };
    expect((await call('POST', '/apis/batch/v1/namespaces/fid/jobs', job)).status).toBe(201);
    const podsOf = async () =>
      ((await call('GET', `${NS}/pods?labelSelector=job-name%3Dorph`)).body as Obj).items as Obj[];
    await eventually(async () => (await podsOf()).length === 1);
    const del = await call('DELETE', '/apis/batch/v1/namespaces/fid/jobs/orph');
    expect(del.status).toBe(200);
    await eventually(
      async () => (await call('GET', '/apis/batch/v1/namespaces/fid/jobs/orph')).status === 404,
    );
    // The orphaned pod stays, without its ownerReference, instead of being collected.
    await new Promise((r) => setTimeout(r, 200));
    const left = await podsOf();
    expect(left).toHaveLength(1);
    expect(left[0]?.metadata.ownerReferences ?? []).toEqual([]);
  });
});

describe('custom resources without a status', () => {
  it('a merge patch of a ScaledObject that has no status succeeds and leaves it without one', async () => {
    const base = '/apis/keda.sh/v1alpha1/namespaces/fid/scaledobjects';
    const so = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'so' },
      spec: { scaleTargetRef: { name: 'web' } },
    };
    expect((await call('POST', base, so)).status).toBe(201);
    const r = await call(
      'PATCH',
      `${base}/so`,
      { metadata: { annotations: { 'autoscaling.keda.sh/paused': 'true' } } },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(200);
    expect((r.body as Obj).status).toBeUndefined();
    expect((r.body as Obj).metadata.annotations).toEqual({ 'autoscaling.keda.sh/paused': 'true' });
  });
});

describe('dryRun=All', () => {
  it('a dry-run create answers what would be stored, with managedFields and no resourceVersion, and stores nothing', async () => {
    const r = await call('POST', `${NS}/configmaps?dryRun=All&fieldManager=dry`, {
      metadata: { name: 'dry' },
      data: { a: '1' },
    });
    expect(r.status).toBe(201);
    const o = r.body as Obj;
    expect(o.metadata.resourceVersion).toBeUndefined();
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.metadata.managedFields).toMatchObject([
      { manager: 'dry', operation: 'Update', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ]);
    expect((await call('GET', `${NS}/configmaps/dry`)).status).toBe(404);
  });

  it('kubectl create --dry-run=server prints the object without creating it', async () => {
    const r = await k(
      '-n',
      'fid',
      'create',
      'configmap',
      'drk',
      '--from-literal=a=1',
      '--dry-run=server',
      '-o',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).data).toEqual({ a: '1' });
    expect((await call('GET', `${NS}/configmaps/drk`)).status).toBe(404);
  });
});

describe('Time and MicroTime fields read back as Go encodes them', () => {
  it.each([
    {
      name: 'a Lease renewTime with milliseconds gets six fraction digits',
      sent: '2026-01-02T03:04:05.123Z',
      want: '2026-01-02T03:04:05.123000Z',
      lease: 'l-millis',
    },
    {
      name: 'a Lease renewTime without a fraction gets .000000',
      sent: '2026-01-02T03:04:05Z',
      want: '2026-01-02T03:04:05.000000Z',
      lease: 'l-seconds',
    },
    {
      name: 'a Lease renewTime with an offset is converted to UTC',
      sent: '2026-01-02T05:04:05.5+02:00',
      want: '2026-01-02T03:04:05.500000Z',
      lease: 'l-offset',
    },
  ])('$name', async ({ sent, want, lease }) => {
    const name = lease;
    const r = await call('POST', '/apis/coordination.k8s.io/v1/namespaces/fid/leases', {
      metadata: { name },
      spec: { holderIdentity: 'a', renewTime: sent, acquireTime: sent },
    });
    expect(r.status).toBe(201);
    expect((r.body as Obj).spec.renewTime).toBe(want);
    expect((r.body as Obj).spec.acquireTime).toBe(want);
  });

  it('a status condition time with milliseconds is truncated to whole seconds', async () => {
    const path = '/apis/apps/v1/namespaces/fid/deployments/st-deployments';
    const cur = (await call('GET', path)).body as Obj;
    const cond = { type: 'Custom', status: 'True', lastTransitionTime: '2026-01-02T03:04:05.987Z' };
    const r = await call('PUT', `${path}/status`, {
      ...cur,
      status: { ...cur.status, conditions: [...(cur.status.conditions ?? []), cond] },
    });
    expect(r.status).toBe(200);
    const got = ((r.body as Obj).status.conditions as Obj[]).find((c) => c.type === 'Custom');
    expect(got?.lastTransitionTime).toBe('2026-01-02T03:04:05Z');
  });
});

describe('Job status counters', () => {
  it('reports ready pods and terminating: 0 while the Job runs', async () => {
    const job = {
      metadata: { name: 'counting' },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } },
      },
    };
    expect((await call('POST', '/apis/batch/v1/namespaces/fid/jobs', job)).status).toBe(201);
    const status = (await eventually(async () => {
      const j = (await call('GET', '/apis/batch/v1/namespaces/fid/jobs/counting')).body as Obj;
      return j.status?.ready === 1 ? j.status : undefined;
    })) as Obj;
    expect(status).toMatchObject({ active: 1, ready: 1, terminating: 0 });
  });
});

describe('validation of the fields users get wrong most', () => {
  const dns1035 =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  const label1123 =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  it.each([
    {
      name: 'a Service name must be a DNS-1035 label (no leading digit)',
      path: `${NS}/services`,
      body: { metadata: { name: '1svc' }, spec: { ports: [{ port: 80 }] } },
      message: `Service "1svc" is invalid: metadata.name: Invalid value: "1svc": ${dns1035}`,
    },
    {
      name: 'a ClusterIP Service needs ports',
      path: `${NS}/services`,
      body: { metadata: { name: 'noports' }, spec: { selector: { a: 'b' } } },
      message: 'Service "noports" is invalid: spec.ports: Required value',
    },
    {
      name: 'a container name must be a DNS-1123 label, and the image is still required',
      path: `${NS}/pods`,
      body: { metadata: { name: 'badc' }, spec: { containers: [{ name: 'Bad_Name' }] } },
      message: `Pod "badc" is invalid: [spec.containers[0].name: Invalid value: "Bad_Name": ${label1123}, spec.containers[0].image: Required value]`,
    },
    {
      name: 'two containers may not share a name',
      path: `${NS}/pods`,
      body: {
        metadata: { name: 'dupc' },
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'a', image: 'y' },
          ],
        },
      },
      message: 'Pod "dupc" is invalid: spec.containers[1].name: Duplicate value: "a"',
    },
    {
      name: 'a containerPort of 0 is missing',
      path: `${NS}/pods`,
      body: {
        metadata: { name: 'port0' },
        spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 0 }] }] },
      },
      message: 'Pod "port0" is invalid: spec.containers[0].ports[0].containerPort: Required value',
    },
    {
      name: 'a ConfigMap key with a space is not a config key',
      path: `${NS}/configmaps`,
      body: { metadata: { name: 'badkey' }, data: { 'bad key': 'v' } },
      message:
        "ConfigMap \"badkey\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    },
    {
      name: 'a Lease duration must be positive',
      path: '/apis/coordination.k8s.io/v1/namespaces/fid/leases',
      body: { metadata: { name: 'zero' }, spec: { leaseDurationSeconds: 0 } },
      message:
        'Lease.coordination.k8s.io "zero" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    },
  ])('$name', async ({ path, body, message }) => {
    const r = await call('POST', path, body);
    expect(r.status).toBe(422);
    expect((r.body as Obj).message).toBe(message);
  });
});

describe('Service allocations across updates', () => {
  const base = '/api/v1/namespaces/fid/services';
  it('a NodePort Service gets node ports, keeps them and its cluster IP when a PUT leaves them out', async () => {
    const created = await call('POST', base, {
      metadata: { name: 'np' },
      spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ name: 'http', port: 80 }] },
    });
    expect(created.status).toBe(201);
    const spec = (created.body as Obj).spec;
    expect(spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(spec.externalTrafficPolicy).toBe('Cluster');
    const edited = created.body as Obj as Obj;
    const put = await call('PUT', `${base}/np`, {
      ...edited,
      spec: { type: 'NodePort', selector: { app: 'np2' }, ports: [{ name: 'http', port: 80 }] },
    });
    expect(put.status).toBe(200);
    expect((put.body as Obj).spec.clusterIP).toBe(spec.clusterIP);
    expect((put.body as Obj).spec.ports[0].nodePort).toBe(spec.ports[0].nodePort);
  });

  it('changing the cluster IP is "may not change once set" on spec.clusterIPs[0]', async () => {
    const r = await call(
      'PATCH',
      `${base}/np`,
      { spec: { clusterIP: 'None' } },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(422);
    expect((r.body as Obj).message).toBe(
      'Service "np" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set',
    );
  });

  it('kubectl shows a LoadBalancer without an address as <pending>, with its node port', async () => {
    expect((await k('-n', 'fid', 'create', 'service', 'loadbalancer', 'lb', '--tcp=80')).code).toBe(
      0,
    );
    const r = await k('-n', 'fid', 'get', 'svc', 'lb');
    expect(r.stdout).toMatch(/lb\s+LoadBalancer\s+10\.96\.\S+\s+<pending>\s+80:3\d{4}\/TCP/);
  });
});
