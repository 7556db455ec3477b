import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeSim } from '../src/index.js';
import { startKubeSim } from '../src/index.js';
import { eventually, raw, readWatch } from './helpers.js';

// ListOptions validation and watch starts as a real v1.32 kube-apiserver does them.

let sim: KubeSim;
const call = (method: string, path: string, body?: unknown, ct?: string) =>
  raw(sim.url, method, path, body, ct);

const NS = '/api/v1/namespaces/fid';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-fidelity-'));
  sim = await startKubeSim({ readyDelayMs: 50, kubeconfigPath: join(dir, 'kubeconfig') });
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'fid' } });
  await eventually(async () => (await call('GET', `${NS}/serviceaccounts/default`)).status === 200);
});
afterAll(async () => {
  await sim?.stop();
});

describe('list and watch option validation (ValidateListOptions)', () => {
  it.each([
    {
      name: 'a watch with sendInitialEvents but no resourceVersionMatch is 422 on ListOptions',
      query: 'watch=true&sendInitialEvents=true&allowWatchBookmarks=true',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    },
    {
      name: 'a watch with resourceVersionMatch but no sendInitialEvents is 422',
      query: 'watch=true&resourceVersionMatch=NotOlderThan',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    },
    {
      name: 'a list with resourceVersionMatch but no resourceVersion is 422',
      query: 'resourceVersionMatch=NotOlderThan',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    },
    {
      name: 'a list with sendInitialEvents is 422',
      query: 'sendInitialEvents=true',
      message:
        'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list',
    },
    {
      name: 'a list with an unknown resourceVersionMatch lists the supported values',
      query: 'resourceVersion=1&resourceVersionMatch=Newest',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
    },
  ])('$name', async ({ query, message }) => {
    const r = await call('GET', `${NS}/configmaps?${query}`);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message,
      details: { group: 'meta.k8s.io', kind: 'ListOptions' },
    });
  });

  it('a watch with sendInitialEvents=false and no resourceVersion sends no initial ADDED events', async () => {
    await call('POST', `${NS}/configmaps`, { metadata: { name: 'before-watch' } });
    const events = await readWatch(
      `${sim.url}${NS}/configmaps?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
      () => false,
      1500,
    );
    expect(events.map((e) => e.type)).toEqual([]);
  });

  it('a bad label selector over HTTP is the parser message as a 400', async () => {
    const r = await call('GET', `${NS}/pods?labelSelector=${encodeURIComponent('app in (a')}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      reason: 'BadRequest',
      message: "unable to parse requirement: found '', expected: ',' or ')'",
    });
  });
});
