import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, kubectl, raw, readWatch } from './helpers.js';

// Namespace deletion as a real apiserver and namespace controller do it: the DELETE marks the
// namespace Terminating, the controller empties it (graceful pods, finalizers) while it
// reports conditions, then removes the `kubernetes` finalizer and the namespace goes.

let sim: KubeSim;
// biome-ignore lint/suspicious/noExplicitAny: the tests walk free-form JSON answers.
type Obj = Record<string, any>;
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);
const nsPath = (n: string) => `/api/v1/namespaces/${n}`;
const cm = (name: string, extra: Obj = {}) => ({ metadata: { name, ...extra }, data: { k: 'v' } });
const pod = (name: string) => ({
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
});
const conditionsOf = (ns: Obj) =>
  Object.fromEntries((ns.status?.conditions ?? []).map((c: Obj) => [c.type, c]));

async function namespace(name: string, spec?: Obj): Promise<Obj> {
  const r = await call('POST', '/api/v1/namespaces', {
    metadata: { name },
    ...(spec ? { spec } : {}),
  });
  expect(r.status).toBe(201);
  await eventually(
    async () => (await call('GET', `${nsPath(name)}/serviceaccounts/default`)).status === 200,
  );
  return r.body as Obj;
}

beforeAll(async () => {
  // Pods linger for a while after their DELETE, as a kubelet stopping containers makes them.
  sim = await startKubeSim({ readyDelayMs: 10, podTerminationDelayMs: 700 });
});
afterAll(async () => {
  await sim?.stop();
});

describe('deleting a namespace', () => {
  it('answers the Namespace marked Terminating: deletionTimestamp, no grace period, the kubernetes finalizer', async () => {
    await namespace('mark');
    const del = await call('DELETE', nsPath('mark'));
    expect(del.status).toBe(200);
    const ns = del.body as Obj;
    expect(ns).toMatchObject({
      kind: 'Namespace',
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating' },
    });
    expect(ns.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(ns.metadata).not.toHaveProperty('deletionGracePeriodSeconds');
    await eventually(async () => (await call('GET', nsPath('mark'))).status === 404);
  });

  it('is seen by a watcher as Terminating, then the conditions all False, then DELETED', async () => {
    const created = await namespace('watched');
    const rv = created.metadata.resourceVersion;
    const events = readWatch(
      `${sim.url}/api/v1/namespaces?watch=true&fieldSelector=metadata.name=watched&resourceVersion=${rv}`,
      (evs) => evs.some((e) => e.type === 'DELETED'),
    );
    await call('DELETE', nsPath('watched'));
    const evs = await events;
    expect(evs.at(-1)?.type).toBe('DELETED');
    const modified = evs.filter((e) => e.type === 'MODIFIED').map((e) => e.object as Obj);
    expect(modified[0]?.status.phase).toBe('Terminating');
    const last = modified.at(-1) as Obj;
    expect(Object.values(conditionsOf(last)).map((c) => (c as Obj).status)).toEqual([
      'False',
      'False',
      'False',
      'False',
      'False',
    ]);
    expect(last.spec.finalizers).toEqual(['kubernetes']);
  });

  it('reports pods in their grace period as remaining content until the kubelet has removed them', async () => {
    await namespace('graceful');
    for (const p of ['a', 'b']) await call('POST', `${nsPath('graceful')}/pods`, pod(p));
    await eventually(async () => {
      const p = (await call('GET', `${nsPath('graceful')}/pods/b`)).body as Obj;
      return p.spec?.nodeName !== undefined;
    });
    await call('DELETE', nsPath('graceful'));
    const during = (await eventually(async () => {
      const ns = (await call('GET', nsPath('graceful'))).body as Obj;
      return conditionsOf(ns).NamespaceContentRemaining ? ns : undefined;
    })) as Obj;
    expect(conditionsOf(during).NamespaceContentRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods. has 2 resource instances',
    });
    expect(conditionsOf(during).NamespaceFinalizersRemaining).toMatchObject({ status: 'False' });
    const terminating = (await call('GET', `${nsPath('graceful')}/pods/a`)).body as Obj;
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    await eventually(async () => (await call('GET', nsPath('graceful'))).status === 404);
  });

  it('names the finalizers that hold content, and goes once they are removed', async () => {
    await namespace('held');
    await call(
      'POST',
      `${nsPath('held')}/configmaps`,
      cm('kept', { finalizers: ['curfew.dev/hold'] }),
    );
    await call('DELETE', nsPath('held'));
    const ns = (await eventually(async () => {
      const o = (await call('GET', nsPath('held'))).body as Obj;
      return conditionsOf(o).NamespaceFinalizersRemaining?.status === 'True' ? o : undefined;
    })) as Obj;
    expect(conditionsOf(ns).NamespaceFinalizersRemaining.message).toBe(
      'Some content in the namespace has finalizers remaining: curfew.dev/hold in 1 resource instances',
    );
    expect(conditionsOf(ns).NamespaceContentRemaining.message).toBe(
      'Some resources are remaining: configmaps. has 1 resource instances',
    );
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    await call(
      'PATCH',
      `${nsPath('held')}/configmaps/kept`,
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    await eventually(async () => (await call('GET', nsPath('held'))).status === 404);
  });

  it('refuses new content with the NamespaceLifecycle 403, a generated name reported as its prefix', async () => {
    await namespace('closing', { finalizers: ['curfew.dev/hold'] });
    await call('DELETE', nsPath('closing'));
    const named = await call('POST', `${nsPath('closing')}/configmaps`, cm('late'));
    expect(named.status).toBe(403);
    expect(named.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'late',
        kind: 'configmaps',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace closing is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    const generated = await call('POST', `${nsPath('closing')}/configmaps`, {
      metadata: { generateName: 'gen-' },
    });
    expect((generated.body as Obj).message).toBe(
      'configmaps "gen-" is forbidden: unable to create new content in namespace closing because it is being terminated',
    );
    // Refused before validation: even an invalid object gets the 403.
    const invalid = await call('POST', `${nsPath('closing')}/configmaps`, cm('Not_Valid'));
    expect(invalid.status).toBe(403);
  });

  it('keeps a namespace with another spec finalizer Terminating; a second DELETE changes nothing; /finalize lets it go', async () => {
    const created = await namespace('stuck', { finalizers: ['curfew.dev/hold'] });
    expect(created.spec.finalizers).toEqual(['curfew.dev/hold', 'kubernetes']);
    await call('DELETE', nsPath('stuck'));
    const held = (await eventually(async () => {
      const o = (await call('GET', nsPath('stuck'))).body as Obj;
      return o.spec.finalizers.length === 1 ? o : undefined;
    })) as Obj;
    expect(held.spec.finalizers).toEqual(['curfew.dev/hold']);
    expect(held.status.phase).toBe('Terminating');
    const again = await call('DELETE', nsPath('stuck'));
    expect(again.status).toBe(200);
    expect((again.body as Obj).metadata.resourceVersion).toBe(held.metadata.resourceVersion);
    const fin = await call('PUT', `${nsPath('stuck')}/finalize`, {
      metadata: { name: 'stuck' },
      spec: { finalizers: [] },
    });
    expect(fin.status).toBe(200);
    expect((await call('GET', nsPath('stuck'))).status).toBe(404);
  });

  it('checks preconditions with the namespace registry wording', async () => {
    await namespace('pre');
    const r = await call('DELETE', nsPath('pre'), { preconditions: { resourceVersion: '1' } });
    expect(r.status).toBe(409);
    expect((r.body as Obj).message).toMatch(
      /^Operation cannot be fulfilled on namespaces "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/,
    );
  });

  it('adds the orphan finalizer for an Orphan propagation policy', async () => {
    await namespace('orphaned');
    const r = await call('DELETE', nsPath('orphaned'), { propagationPolicy: 'Orphan' });
    expect((r.body as Obj).metadata.finalizers).toEqual(['orphan']);
    await eventually(async () => (await call('GET', nsPath('orphaned'))).status === 404);
  });
});

describe('namespace termination through the real clients', () => {
  it('kubectl shows the Terminating phase and prints the Forbidden error for new content', async () => {
    await namespace('k-term', { finalizers: ['curfew.dev/hold'] });
    const del = await kubectl(sim.kubeconfigPath, [
      'delete',
      'namespace',
      'k-term',
      '--wait=false',
    ]);
    expect(del.stdout).toContain('namespace "k-term" deleted');
    const phase = await kubectl(sim.kubeconfigPath, [
      'get',
      'namespace',
      'k-term',
      '-o',
      'jsonpath={.status.phase}',
    ]);
    expect(phase.stdout).toBe('Terminating');
    const create = await kubectl(sim.kubeconfigPath, ['-n', 'k-term', 'create', 'configmap', 'x']);
    expect(create.code).toBe(1);
    expect(create.stderr).toBe(
      'error: failed to create configmap: configmaps "x" is forbidden: unable to create new content in namespace k-term because it is being terminated\n',
    );
    await call('PUT', `${nsPath('k-term')}/finalize`, {
      metadata: { name: 'k-term' },
      spec: { finalizers: [] },
    });
  });
});
