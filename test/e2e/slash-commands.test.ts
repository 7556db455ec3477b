/**
 * `/devenv` as a developer types it, across two hub replicas and two clusters: every
 * command is a signed Slack request to one replica while the namespace's agent is
 * connected to the other, and every assertion is on an effect — replicas in the cluster,
 * what the user sees in Slack, the hub's audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUptime } from '../../scripts/demo/seed.js';
import { ANA, BOB, deployment, fixtureFor, ns, statefulSet } from './support/fixtures.js';
import {
  cronJobSuspended,
  dms,
  eventually,
  namespaceAnnotations,
  namespaceExists,
  RT,
  replicas,
  startWorld,
  textOf,
  type World,
} from './support/world.js';

let w: World;

beforeAll(async () => {
  w = await startWorld({
    fixtures: {
      'dev-eu': fixtureFor([
        ns('team-a', ANA, [deployment('web', 2), statefulSet('db', 1)], 'nightly'),
        ns('shared', ANA, [deployment('app', 1)]),
        ns('bobs', BOB, [deployment('web', 1)]),
        ns('doomed', ANA, [deployment('web', 1)]),
      ]),
      'dev-us': fixtureFor([
        ns('shared', ANA, [deployment('app', 1)]),
        ns('team-us', ANA, [deployment('web', 1)]),
        ns('retried', ANA, [deployment('web', 3)]),
      ]),
    },
    // Far from its end: nothing here may be suspended by the schedule.
    uptime: demoUptime(Date.now(), 6 * 60).uptime,
    // dev-eu's agent on replica 0, dev-us's on replica 1; commands go to the other one.
    homeReplica: { 'dev-eu': 0, 'dev-us': 1 },
  });
  // The hubs list namespaces from the agents' snapshots.
  await eventually(async () => {
    const { clusters } = await w.admin.clusters();
    expect(clusters.map((c) => [c.id, c.connected, c.hubInstance])).toEqual([
      ['dev-eu', true, 'hub-a'],
      ['dev-us', true, 'hub-b'],
    ]);
  });
}, 300_000);

afterAll(async () => {
  await w?.close();
});

/** Types `/devenv <text>` as `user` into replica `replica`; returns the immediate answer text. */
async function devenv(user: 'ana' | 'bob' | 'root', text: string, replica: 0 | 1 = 1) {
  const reply = await w.slack[replica].send(
    w.slack[replica].slashCommand({ userId: w.users[user].id, text }),
  );
  expect(reply.status).toBe(200);
  return JSON.stringify(reply.json ?? reply.body);
}

/**
 * The answer the user sees to a command: the immediate reply plus whatever arrives in her
 * DM afterwards (slow answers come through response_url), once something arrived.
 */
async function answerTo(
  user: 'ana' | 'bob' | 'root',
  text: string,
  shows: RegExp,
  replica: 0 | 1 = 1,
) {
  const before = dms(w.sim, w.users[user]).length;
  const immediate = await devenv(user, text, replica);
  return eventually(() => {
    const later = dms(w.sim, w.users[user]).slice(before).map(textOf).join('\n');
    const seen = `${immediate}\n${later}`;
    expect(seen).toMatch(shows);
    return seen;
  });
}

function dmMatching(user: 'ana' | 'bob' | 'root', pattern: RegExp) {
  const found = dms(w.sim, w.users[user]).filter((m) => pattern.test(textOf(m)));
  expect(found, `a DM to ${user} matching ${pattern}`).not.toHaveLength(0);
  return found;
}

/** The audit entries of what was asked through Slack (`slack:<action>`) on a namespace. */
async function auditOf(namespace: string, action: string) {
  return (await w.admin.audit()).filter(
    (e) => e.namespace === namespace && e.action === `slack:${action}`,
  );
}

describe('/devenv across two replicas and two clusters', () => {
  it('stop suspends every workload of the namespace and says so in place', async () => {
    const eu = w.clusters['dev-eu'].sim;
    await eventually(() => expect(replicas(eu, 'Deployment', 'team-a', 'web')).toBe(2));
    await devenv('ana', 'stop team-a');
    await eventually(() => {
      expect(replicas(eu, 'Deployment', 'team-a', 'web')).toBe(0);
      expect(replicas(eu, 'StatefulSet', 'team-a', 'db')).toBe(0);
      expect(cronJobSuspended(eu, 'team-a', 'nightly')).toBe(true);
    });
    await eventually(() =>
      expect(namespaceAnnotations(eu, 'team-a')).toMatchObject({
        'curfew.dev/state': 'suspended',
        'curfew.dev/suspended-by': w.users.ana.id,
      }),
    );
    await eventually(() => dmMatching('ana', /Suspended.*team-a|team-a.*suspended/i));
    await eventually(async () =>
      expect(await auditOf('team-a', 'suspend')).toMatchObject([
        { outcome: 'succeeded', clusterId: 'dev-eu', actor: w.users.ana.id },
      ]),
    );
  });

  it('status shows the suspended state', async () => {
    const answer = await answerTo('ana', 'status team-a', /suspended/i, 0);
    expect(answer).toMatch(/team-a/);
    expect(answer).toMatch(/suspended/i);
  });

  it('start restores the recorded replica counts and reports when ready', async () => {
    const eu = w.clusters['dev-eu'].sim;
    await devenv('ana', 'start team-a');
    await eventually(() => {
      expect(replicas(eu, 'Deployment', 'team-a', 'web')).toBe(2);
      expect(replicas(eu, 'StatefulSet', 'team-a', 'db')).toBe(1);
      expect(cronJobSuspended(eu, 'team-a', 'nightly')).toBe(false);
    });
    expect(namespaceAnnotations(eu, 'team-a')['curfew.dev/previous-replicas']).toBeUndefined();
    await eventually(async () =>
      expect(await auditOf('team-a', 'resume')).toMatchObject([{ outcome: 'succeeded' }]),
    );
    await eventually(() => dmMatching('ana', /Resumed.*team-a|team-a.*running again/i));
  });

  it('prolong moves the shutdown of that namespace only', async () => {
    const us = w.clusters['dev-us'].sim;
    expect(namespaceAnnotations(us, 'team-us')['curfew.dev/snoozed-until']).toBeUndefined();
    await devenv('ana', 'prolong team-us for 2h', 0);
    const until = await eventually(() => {
      const value = namespaceAnnotations(us, 'team-us')['curfew.dev/snoozed-until'];
      expect(value).toBeDefined();
      return Date.parse(value ?? '');
    });
    // The window ends ~6 h from now: the new shutdown is two hours after that.
    expect(until - Date.now()).toBeGreaterThan(7.5 * 3_600_000);
    expect(namespaceAnnotations(us, 'shared')['curfew.dev/snoozed-until']).toBeUndefined();
    await eventually(async () =>
      expect(await auditOf('team-us', 'prolong')).toMatchObject([{ outcome: 'succeeded' }]),
    );
  });

  it('list shows the caller her namespaces in both clusters', async () => {
    // Wait for the list itself (every name in it), not any later message that names team-us.
    const seen = await answerTo(
      'ana',
      'list',
      /^(?=[\s\S]*team-a)(?=[\s\S]*team-us)(?=[\s\S]*doomed)(?=[\s\S]*shared)(?=[\s\S]*dev-us)/,
    );
    for (const name of ['team-a', 'team-us', 'doomed', 'shared']) expect(seen).toContain(name);
    expect(seen).toContain('dev-eu');
    expect(seen).toContain('dev-us');
    // Bob's namespace is not hers.
    expect(seen).not.toContain('bobs');
  });

  it('a name that exists in both clusters gets a question back, and nothing happens', async () => {
    await devenv('ana', 'stop shared');
    const [question] = await eventually(() => dmMatching('ana', /Which one/i));
    expect(textOf(question)).toContain('dev-eu');
    expect(textOf(question)).toContain('dev-us');
    await w.settle();
    expect(replicas(w.clusters['dev-eu'].sim, 'Deployment', 'shared', 'app')).toBe(1);
    expect(replicas(w.clusters['dev-us'].sim, 'Deployment', 'shared', 'app')).toBe(1);
    expect(await auditOf('shared', 'suspend')).toEqual([]);
  });

  it.each([
    { name: 'a non-owner may not stop someone else’s namespace', text: 'stop bobs' },
    { name: 'a non-owner may not delete someone else’s namespace', text: 'delete bobs' },
  ])('$name: refused privately, audited, nothing changes', async ({ text }) => {
    const before = (await w.admin.audit()).filter((e) => e.namespace === 'bobs').length;
    await devenv('ana', text);
    await eventually(() => dmMatching('ana', /may not/i));
    await eventually(async () => {
      const entries = (await w.admin.audit()).filter((e) => e.namespace === 'bobs');
      expect(entries).toHaveLength(before + 1);
      expect(entries[0]).toMatchObject({ outcome: 'refused', actor: w.users.ana.id });
    });
    expect(replicas(w.clusters['dev-eu'].sim, 'Deployment', 'bobs', 'web')).toBe(1);
    expect(namespaceExists(w.clusters['dev-eu'].sim, 'bobs')).toBe(true);
  });

  it('a slash command Slack delivers again (its retry, to the other replica) runs once', async () => {
    const us = w.clusters['dev-us'].sim;
    const request = w.slack[0].slashCommand({ userId: w.users.ana.id, text: 'stop retried' });
    expect((await w.slack[0].send(request)).status).toBe(200);
    const again = { ...request, url: w.slack[1].url };
    expect((await w.slack[1].retry(again, 1)).status).toBe(200);
    await eventually(() => expect(replicas(us, 'Deployment', 'retried', 'web')).toBe(0));
    await eventually(async () =>
      expect(await auditOf('retried', 'suspend')).toMatchObject([{ outcome: 'succeeded' }]),
    );
    await w.settle();
    const suspends = us.api
      .list(RT.events, 'retried', {})
      .items.filter((e) => (e as { reason?: string }).reason === 'CurfewSuspended');
    expect(suspends).toHaveLength(1);
    expect(await auditOf('retried', 'suspend')).toHaveLength(1);
  });

  it('delete asks for confirmation first, then says "deleting" while Kubernetes terminates the namespace and "deleted" once it is gone', async () => {
    const eu = w.clusters['dev-eu'].sim;
    // An object whose finalizer nobody removes yet keeps the namespace terminating.
    await eu.api.create(RT.configmaps, 'doomed', {
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    await devenv('ana', 'delete doomed');
    const [card] = await eventually(() => dmMatching('ana', /Press \*?Delete/));
    // Nothing is deleted by the command alone: only the confirmed button deletes.
    await w.settle();
    expect(namespaceExists(eu, 'doomed')).toBe(true);
    if (!card) throw new Error('no delete card');
    const click = w.slack[0].messageAction({
      userId: w.users.ana.id,
      message: card,
      actionId: 'curfew_delete',
    });
    expect((await w.slack[0].send(click)).status).toBe(200);
    // The card updates in place: the cluster's own "deleting" while the namespace terminates.
    await eventually(() =>
      expect(textOf(card)).toContain(
        'deleting: doomed is terminating; Kubernetes removes its contents first.',
      ),
    );
    expect(namespaceExists(eu, 'doomed')).toBe(true);
    expect(await auditOf('doomed', 'delete')).toEqual([]);
    // The finalizer goes; Kubernetes finishes; only now "deleted".
    await eu.api.patch(RT.configmaps, 'doomed', 'held', '', 'merge', {
      metadata: { finalizers: null },
    });
    await eventually(() => expect(namespaceExists(eu, 'doomed')).toBe(false));
    await eventually(() => expect(textOf(card)).toMatch(/Deleted[\s\S]*doomed was deleted\./));
    await eventually(async () =>
      expect(await auditOf('doomed', 'delete')).toMatchObject([{ outcome: 'succeeded' }]),
    );
  });
});
