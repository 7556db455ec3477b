/**
 * The agent's registry of GitOps reconcilers: which kinds the cluster serves (listed once per
 * leadership, a failed list not remembered) and what Curfew paused, for snapshots and restores.
 */
import { ANNOTATIONS, type ReconcilerKind } from '@curfew/core';
import { describe, expect, it } from 'vitest';
import { ReconcilerRegistry } from '../src/gitops/reconciler-registry.js';
import { KubeError } from '../src/kube/errors.js';
import type { ReconcilerObject } from '../src/kube/types.js';

const app = (rv: string, pausedFor?: string): ReconcilerObject => ({
  ref: { kind: 'Application', namespace: 'argocd', name: 'shop' },
  annotations: pausedFor ? { [ANNOTATIONS.pausedByCurfew]: pausedFor } : {},
  resourceVersion: rv,
  reported: [],
});

/** A registry over a scripted cluster: each list answers what `answers[kind]` holds now. */
function registry(answers: Partial<Record<ReconcilerKind, ReconcilerObject[] | null | Error>>) {
  const lists: ReconcilerKind[] = [];
  const changes: string[][] = [];
  const r = new ReconcilerRegistry('argocd', async (kind) => {
    lists.push(kind);
    const answer = answers[kind];
    if (answer instanceof Error) throw answer;
    return answer === undefined ? null : structuredClone(answer);
  });
  r.onChange((namespaces) => changes.push(namespaces));
  return { r, lists, changes, answers };
}

describe('the GitOps reconciler registry', () => {
  it('lists a kind once until invalidated, and learns what Curfew paused from the list', async () => {
    const { r, lists, changes } = registry({ Application: [app('5', 'dev,qa')] });
    expect(await r.served('Application')).toBe('served');
    expect(await r.served('Application')).toBe('served');
    expect(lists).toEqual(['Application']);
    expect(r.pausedFor('qa').map((o) => o.ref.name)).toEqual(['shop']);
    expect(changes).toEqual([['dev', 'qa']]);
    r.invalidate();
    await r.served('Application');
    expect(lists).toEqual(['Application', 'Application']);
  });

  it.each<[string, ReconcilerObject[] | null | Error, string]>([
    ['a kind whose CRD is not installed (404) is absent', null, 'absent'],
    [
      'a kind RBAC forbids (403) is forbidden',
      new KubeError('forbidden', 403, 'Forbidden'),
      'forbidden',
    ],
  ])('%s', async (_name, answer, expected) => {
    const { r } = registry({ Kustomization: answer });
    expect(await r.served('Kustomization')).toBe(expected);
    expect(r.availabilityOf('Kustomization')).toBe(expected);
  });

  it('a failed list (500) is not remembered: the next use lists again', async () => {
    const { r, lists, answers } = registry({ HelmRelease: new KubeError('boom', 500) });
    await expect(r.served('HelmRelease')).rejects.toThrow('boom');
    answers.HelmRelease = [];
    expect(await r.served('HelmRelease')).toBe('served');
    expect(lists).toEqual(['HelmRelease', 'HelmRelease']);
  });

  it('a kind forbidden before and absent now is absent', async () => {
    const { r, answers } = registry({ Application: new KubeError('no', 403) });
    expect(await r.served('Application')).toBe('forbidden');
    answers.Application = null;
    expect((await r.refresh()).Application).toBe('absent');
  });

  it("the agent's own newer write wins over an older list, and a restore removes the entry", async () => {
    const { r, changes } = registry({ Application: [] });
    r.note(app('9', 'dev'));
    r.note(app('7'));
    expect(r.pausedFor('dev')).toHaveLength(1);
    r.note(app('10'));
    expect(r.all()).toEqual([]);
    expect(changes).toEqual([['dev'], ['dev']]);
  });

  it('a reconciler gone from the list is forgotten', async () => {
    const { r, answers } = registry({ Application: [app('3', 'dev')] });
    await r.refresh();
    expect(r.all()).toHaveLength(1);
    answers.Application = [];
    await r.refresh();
    expect(r.all()).toEqual([]);
  });
});
