import { Action } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { summary } from './support/fakes.js';
import { eventually, type Harness, startHarness } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function visibleTo(userId: string) {
  return h.sim.workspace.dm(userId).filter((m) => !m.deleted);
}

describe('/devenv over signed HTTP', () => {
  it('stops a namespace: ack at once, one dispatch, the answer replaced by the outcome', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    const request = h.slack.slashCommand({ userId: h.ana.id, text: 'stop team-a' });
    const reply = await h.slack.send(request);
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain('Suspending');

    await eventually(() => {
      const [message] = visibleTo(h.ana.id);
      expect(blocksText(message?.blocks)).toContain('Suspended by');
    });
    expect(h.dispatcher.dispatched).toHaveLength(1);
    expect(h.dispatcher.dispatched[0]).toMatchObject({
      action: Action.SUSPEND,
      clusterId: 'c-eu',
      namespace: 'team-a',
      requestedBy: h.ana.id,
    });
    expect(h.dispatcher.dispatched[0]?.idempotencyKey).toContain(request.triggerId);
    const [message] = visibleTo(h.ana.id);
    expect(message?.ephemeralTo).toBe(h.ana.id);
    expect(message?.revisions.length).toBeGreaterThan(0);
  });
});

describe('/devenv answers', () => {
  function answerText(json: unknown): string {
    const body = json as { text?: string; blocks?: unknown };
    return `${body.text ?? ''}\n${blocksText(body.blocks)}`;
  }

  it.each([
    {
      name: 'help lists every command in the immediate answer',
      text: 'help',
      shows: ['/devenv list', '/devenv prolong'],
    },
    {
      name: 'a typo suggests the right command with its usage',
      text: 'stpo team-a',
      shows: ['stop'],
    },
    {
      name: 'a missing duration says what is missing and how to write it',
      text: 'prolong team-a',
      shows: ['Usage: /devenv prolong'],
    },
  ])('$name, and nothing is dispatched', async ({ text, shows }) => {
    h = await startHarness();
    const reply = await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text }));
    expect(reply.status).toBe(200);
    for (const s of shows) expect(answerText(reply.json)).toContain(s);
    expect(h.dispatcher.calls).toEqual([]);
  });

  it('uses the configured command name in help', async () => {
    h = await startHarness({ commandName: '/curfew' });
    const reply = await h.slack.send(
      h.slack.slashCommand({ userId: h.ana.id, text: 'help', command: '/curfew' }),
    );
    expect(answerText(reply.json)).toContain('/curfew stop');
  });

  it('asks which cluster when the name exists in several, then runs the choice', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-x', owner: 'ana@example.com' }));
    h.namespaces.add('c-us', summary({ name: 'team-x', owner: 'ana@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text: 'stop team-x' }));
    const question = await eventually(() => {
      const [message] = visibleTo(h.ana.id);
      expect(blocksText(message?.blocks)).toContain('Which one');
      return message;
    });
    expect(h.dispatcher.calls).toEqual([]);
    if (!question) throw new Error('no question');
    await h.slack.send(
      h.slack.messageAction({
        userId: h.ana.id,
        message: question,
        actionId: 'curfew_choose_cluster_1',
      }),
    );
    await eventually(() =>
      expect(h.dispatcher.dispatched.map((d) => [d.clusterId, d.namespace])).toEqual([
        ['c-us', 'team-x'],
      ]),
    );
  });

  it.each([
    {
      name: 'a cluster-qualified name goes to that cluster',
      text: 'stop us-dev/team-x',
      cluster: 'c-us',
    },
    { name: 'a cluster may be written by id', text: 'stop c-eu/team-x', cluster: 'c-eu' },
  ])('$name', async ({ text, cluster }) => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-x', owner: 'ana@example.com' }));
    h.namespaces.add('c-us', summary({ name: 'team-x', owner: 'ana@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text }));
    await eventually(() =>
      expect(h.dispatcher.dispatched.map((d) => d.clusterId)).toEqual([cluster]),
    );
  });

  it.each([
    {
      name: 'an unknown namespace says so and how to find names',
      text: 'stop nope',
      shows: 'no namespace `nope` in any cluster',
    },
    {
      name: 'an unknown cluster lists the known ones',
      text: 'stop mars/team-a',
      shows: 'Clusters: eu-dev, us-dev',
    },
  ])('$name', async ({ text, shows }) => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text }));
    await eventually(() => expect(blocksText(visibleTo(h.ana.id)[0]?.blocks)).toContain(shows));
    expect(h.dispatcher.calls).toEqual([]);
  });

  it('refuses someone who is not owner, collaborator or admin, privately and audited', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.bob.id, text: 'stop team-a' }));
    await eventually(() =>
      expect(blocksText(visibleTo(h.bob.id)[0]?.blocks)).toContain('You may not suspend team-a'),
    );
    expect(h.dispatcher.calls).toEqual([]);
    expect(h.audit.entries).toEqual([
      expect.objectContaining({ actor: h.bob.id, action: 'slack:suspend', outcome: 'refused' }),
    ]);
  });

  it('prolongs by the duration written', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: h.ana.id }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text: 'prolong team-a for 2h' }));
    await eventually(() =>
      expect(h.dispatcher.dispatched).toEqual([
        expect.objectContaining({ action: Action.PROLONG, durationMs: 7_200_000 }),
      ]),
    );
  });

  it('answers delete with a Delete button that has a confirm dialog, and deletes nothing yet', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text: 'delete team-a' }));
    const answer = await eventually(() => {
      const [message] = visibleTo(h.ana.id);
      expect(blocksText(message?.blocks)).toContain('Press *Delete*');
      return message;
    });
    const { findElement } = await import('@curfew/slack-sim');
    expect(findElement(answer?.blocks, 'curfew_delete')?.element.confirm).toBeDefined();
    expect(h.dispatcher.calls).toEqual([]);
    if (!answer) throw new Error('no answer');
    await h.slack.send(
      h.slack.messageAction({ userId: h.ana.id, message: answer, actionId: 'curfew_delete' }),
    );
    await eventually(() =>
      expect(h.dispatcher.dispatched.map((d) => d.action)).toEqual([Action.DELETE]),
    );
    await eventually(() => expect(blocksText(visibleTo(h.ana.id)[0]?.blocks)).toContain('Deleted'));
  });

  it('lists your namespaces in every cluster and only yours', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    h.namespaces.add(
      'c-us',
      summary({ name: 'team-b', owner: 'bob@example.com', collaborators: [h.ana.id] }),
    );
    h.namespaces.add('c-us', summary({ name: 'team-c', owner: 'bob@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text: 'list' }));
    await eventually(() =>
      expect(blocksText(visibleTo(h.ana.id)[0]?.blocks)).toContain('Your namespaces* (2)'),
    );
    const text = blocksText(visibleTo(h.ana.id)[0]?.blocks);
    expect(text).toContain('team-a');
    expect(text).toContain('team-b');
    expect(text).not.toContain('team-c');
  });

  it('an admin extends time bombs by SKU in every cluster and namespace and sees each', async () => {
    h = await startHarness();
    await h.slack.send(
      h.slack.slashCommand({ userId: h.admin.id, text: 'extend /tribe/squad 60m' }),
    );
    await eventually(() =>
      expect(blocksText(visibleTo(h.admin.id)[0]?.blocks)).toContain('us-dev'),
    );
    expect(
      h.dispatcher.dispatched.map((d) => [
        d.action,
        d.clusterId,
        d.namespace,
        d.skuPrefix,
        d.durationMs,
      ]),
    ).toEqual([
      [Action.EXTEND, 'c-eu', undefined, '/tribe/squad', 3_600_000],
      [Action.EXTEND, 'c-us', undefined, '/tribe/squad', 3_600_000],
    ]);
  });

  it('anyone else extends only the namespaces they own or collaborate on', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    h.namespaces.add(
      'c-us',
      summary({ name: 'team-b', owner: 'bob@example.com', collaborators: [h.ana.id] }),
    );
    h.namespaces.add('c-us', summary({ name: 'team-c', owner: 'bob@example.com' }));
    await h.slack.send(h.slack.slashCommand({ userId: h.ana.id, text: 'extend /tribe 1h' }));
    await eventually(() =>
      expect(blocksText(visibleTo(h.ana.id)[0]?.blocks)).toContain('us-dev/team-b'),
    );
    expect(
      h.dispatcher.dispatched
        .map((d) => [d.action, d.clusterId, d.namespace, d.skuPrefix, d.requestedBy])
        .sort(),
    ).toEqual([
      [Action.EXTEND, 'c-eu', 'team-a', '/tribe', h.ana.id],
      [Action.EXTEND, 'c-us', 'team-b', '/tribe', h.ana.id],
    ]);
    // Each command is audited by the router when it finishes, as Slack's extend.
    expect(h.dispatcher.dispatched.map((d) => d.audit)).toEqual([
      { action: 'slack:extend', detail: '/tribe +1h' },
      { action: 'slack:extend', detail: '/tribe +1h' },
    ]);
    expect(h.audit.entries).toEqual([]);
    expect(blocksText(visibleTo(h.ana.id)[0]?.blocks)).toContain('Only namespaces you own');
  });

  it.each([
    { name: 'in every cluster', text: 'extend /tribe 1h' },
    { name: 'in a named cluster', text: 'extend /tribe 1h us-dev' },
  ])(
    'extending $name with no namespace of your own is refused privately, audited, and nothing runs',
    async ({ text }) => {
      h = await startHarness();
      h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
      h.namespaces.add('c-us', summary({ name: 'team-c', owner: 'ana@example.com' }));
      await h.slack.send(h.slack.slashCommand({ userId: h.bob.id, text }));
      await eventually(() =>
        expect(blocksText(visibleTo(h.bob.id)[0]?.blocks)).toContain('You may not extend /tribe'),
      );
      const [answer] = visibleTo(h.bob.id);
      expect(answer?.ephemeralTo).toBe(h.bob.id);
      expect(h.audit.entries).toEqual([
        expect.objectContaining({ actor: h.bob.id, action: 'slack:extend', outcome: 'refused' }),
      ]);
      expect(h.dispatcher.calls).toEqual([]);
    },
  );

  it('tells the user when the store is down instead of doing anything', async () => {
    h = await startHarness();
    h.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await h.redis.call('CLIENT', 'PAUSE', '3000', 'ALL');
    const reply = await h.slack.send(
      h.slack.slashCommand({ userId: h.ana.id, text: 'stop team-a' }),
    );
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain('cannot take new work');
    expect(h.dispatcher.calls).toEqual([]);
  });
});
