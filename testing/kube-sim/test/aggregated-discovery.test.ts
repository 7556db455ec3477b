import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApisApi, CoreApi, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateDiscovery } from '../src/discovery-aggregated.js';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { kubectl, raw } from './helpers.js';

// Aggregated discovery: /api and /apis answer the whole of discovery in one document when the
// Accept header asks for apidiscovery.k8s.io's APIGroupDiscoveryList, as kubectl 1.32 does,
// and the legacy documents otherwise, which is what older clients and client-node get.

let sim: KubeSim;
// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers.
type Obj = Record<string, any>;
const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const KUBECTL_ACCEPT = `${V2},${V2BETA1},application/json`;
const get = (path: string, accept: string, headers: Record<string, string> = {}) =>
  raw(sim.url, 'GET', path, undefined, undefined, { Accept: accept, ...headers });

beforeAll(async () => {
  sim = await startKubeSim();
});
afterAll(async () => {
  await sim?.stop();
});

describe('content negotiation of the discovery document', () => {
  it.each([
    { name: 'kubectl’s Accept gets v2', accept: KUBECTL_ACCEPT, want: 'v2' },
    { name: 'v2beta1 alone gets v2beta1', accept: `${V2BETA1},application/json`, want: 'v2beta1' },
    { name: 'plain JSON gets the legacy document', accept: 'application/json', want: undefined },
    {
      name: 'client-node’s Accept gets the legacy document',
      accept: 'application/json, */*;q=0.8',
      want: undefined,
    },
    { name: 'no Accept at all gets the legacy document', accept: undefined, want: undefined },
    {
      name: 'a version it does not serve is skipped for the next clause',
      accept:
        'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json',
      want: undefined,
    },
    { name: 'a higher q wins over the order', accept: `application/json;q=0.5,${V2}`, want: 'v2' },
    {
      name: 'an encoding it cannot send is skipped',
      accept: `application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,${V2BETA1}`,
      want: 'v2beta1',
    },
  ])('$name', ({ accept, want }) => {
    expect(negotiateDiscovery(accept)).toBe(want);
  });
});

describe('the aggregated documents', () => {
  it('/apis lists every group with its resources, subresources folded in', async () => {
    const r = await get('/apis', KUBECTL_ACCEPT);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(V2);
    expect(r.headers.get('vary')).toBe('Accept');
    const doc = r.body as Obj;
    expect(doc).toMatchObject({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
    });
    const apps = doc.items.find((g: Obj) => g.metadata.name === 'apps');
    expect(apps.metadata).toEqual({ name: 'apps', creationTimestamp: null });
    const v1 = apps.versions[0];
    expect(v1).toMatchObject({ version: 'v1', freshness: 'Current' });
    const deployments = v1.resources.find((x: Obj) => x.resource === 'deployments');
    expect(deployments).toEqual({
      resource: 'deployments',
      responseKind: { group: '', version: '', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: '', version: '', kind: 'Deployment' },
          verbs: ['get', 'patch', 'update'],
        },
        {
          subresource: 'scale',
          responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });
    // The core group is /api's; /apis has named groups only.
    expect(doc.items.some((g: Obj) => g.metadata.name === undefined)).toBe(false);
  });

  it('/api is the core group without a name, cluster-scoped resources marked so', async () => {
    const doc = (await get('/api', V2)).body as Obj;
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0].metadata).toEqual({ creationTimestamp: null });
    const resources = doc.items[0].versions[0].resources as Obj[];
    expect(resources.find((x) => x.resource === 'namespaces')).toMatchObject({
      scope: 'Cluster',
      subresources: expect.arrayContaining([
        expect.objectContaining({ subresource: 'finalize', verbs: ['update'] }),
      ]),
    });
    expect(resources.find((x) => x.resource === 'pods')?.subresources).toEqual(
      expect.arrayContaining([expect.objectContaining({ subresource: 'log', verbs: ['get'] })]),
    );
  });

  it('v2beta1 is the same document in that version', async () => {
    const r = await get('/apis', `${V2BETA1},application/json`);
    expect(r.headers.get('content-type')).toBe(V2BETA1);
    expect((r.body as Obj).apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
  });

  it('carries an ETag; asking again with it is a 304 Not Modified', async () => {
    const first = await get('/apis', V2);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    expect(first.headers.get('cache-control')).toBe('public');
    const again = await get('/apis', V2, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
  });

  it('a plain JSON request to the same path still gets the legacy APIGroupList', async () => {
    const r = await get('/apis', 'application/json');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect((r.body as Obj).kind).toBe('APIGroupList');
  });
});

describe('through the real clients', () => {
  it('kubectl discovers from /api and /apis alone, with no request per group version', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kube-sim-discovery-'));
    const before = sim.requestLog.entries.length;
    const r = await kubectl(sim.kubeconfigPath, ['--cache-dir', cache, 'get', 'deploy,cm', '-A']);
    expect(r.code).toBe(0);
    const paths = sim.requestLog.entries.slice(before).map((e) => e.path);
    expect(paths).toContain('/api');
    expect(paths).toContain('/apis');
    // No /api/v1 or /apis/<group>/<version> document was needed.
    const perVersion = paths.filter((p) => p === '/api/v1' || /^\/apis\/[^/]+\/[^/]+$/.test(p));
    expect(perVersion).toEqual([]);
    const resources = await kubectl(sim.kubeconfigPath, ['--cache-dir', cache, 'api-resources']);
    expect(resources.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(resources.stdout).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it('client-node’s discovery calls get the legacy documents it decodes', async () => {
    const https = await startKubeSim({ token: 'd' });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(https.kubeconfig);
      const core = await kc.makeApiClient(CoreApi).getAPIVersions();
      expect(core.versions).toEqual(['v1']);
      const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
      expect(groups.groups.map((g) => g.name)).toContain('apps');
      // KubernetesObjectApi resolves kinds through the per-group-version resource lists.
      const objects = KubernetesObjectApi.makeApiClient(kc);
      const ns = await objects.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'default' },
      });
      expect(ns.metadata?.name).toBe('default');
    } finally {
      await https.stop();
    }
  });
});
