import { create } from '@bufbuild/protobuf';
import { Action, CommandResultSchema, CommandStatus } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** The agent answers every support command: started or stopped, naming the pod. */
function agentAnswers(message: (supportName: string) => string) {
  h.dispatcher.script = async (request, commandId) => ({
    state: 'done',
    commandId,
    result: create(CommandResultSchema, {
      commandId,
      status: CommandStatus.SUCCEEDED,
      message: message(request.supportName ?? ''),
    }),
  });
}

function seen(userId: string): string {
  return h.sim.workspace
    .dm(userId)
    .filter((m) => !m.deleted)
    .map((m) => `${m.text} ${blocksText(m.blocks)}`)
    .join('\n');
}

async function slash(userId: string, text: string) {
  const reply = await h.slack.send(h.slack.slashCommand({ userId, text }));
  expect(reply.status).toBe(200);
  return reply;
}

describe('/devenv support over signed HTTP, with two clusters', () => {
  it('`support start eu-dev/manage1 XL` starts it in that cluster and says so', async () => {
    h = await startHarness();
    agentAnswers((name) => `Support pod ${name} (XL) started in curfew-system`);
    await slash(h.admin.id, 'support start eu-dev/manage1 XL');
    await eventually(() =>
      expect(seen(h.admin.id)).toContain('Support pod `manage1` on `eu-dev` started'),
    );
    expect(h.dispatcher.dispatched).toEqual([
      expect.objectContaining({
        action: Action.SUPPORT_START,
        clusterId: 'c-eu',
        supportName: 'manage1',
        supportSize: 'XL',
        requestedBy: h.admin.id,
        // Audited by the router when it finishes, under Slack's name for it.
        audit: { action: 'slack:support-start', detail: 'manage1' },
      }),
    ]);
    expect(h.audit.entries).toEqual([]);
  });

  it('a trailing cluster works too: `support stop manage1 us-dev` (by id as well as name)', async () => {
    h = await startHarness();
    agentAnswers((name) => `Support pod ${name} deleted`);
    await slash(h.admin.id, 'support stop manage1 us-dev');
    await eventually(() =>
      expect(seen(h.admin.id)).toContain('Support pod `manage1` on `us-dev` stopped'),
    );
    await slash(h.admin.id, 'support start manage2 S c-eu');
    await eventually(() => expect(h.dispatcher.dispatched).toHaveLength(2));
    expect(h.dispatcher.dispatched.map((d) => [d.action, d.clusterId, d.supportName])).toEqual([
      [Action.SUPPORT_STOP, 'c-us', 'manage1'],
      [Action.SUPPORT_START, 'c-eu', 'manage2'],
    ]);
  });

  it('no cluster named asks which one, with the command written both ways, and starts nothing', async () => {
    h = await startHarness();
    await slash(h.admin.id, 'support start manage1 XL');
    await eventually(() => expect(seen(h.admin.id)).toContain('Which cluster?'));
    const text = seen(h.admin.id);
    expect(text).toContain('`eu-dev`, `us-dev`');
    expect(text).toContain('/devenv support start eu-dev/manage1 XL');
    expect(text).toContain('/devenv support start manage1 XL eu-dev');
    expect(h.dispatcher.dispatched).toEqual([]);
  });

  it('an unknown cluster is named, with a did-you-mean, and nothing is started', async () => {
    h = await startHarness();
    await slash(h.admin.id, 'support start eu-dve/manage1 XL');
    await eventually(() =>
      expect(seen(h.admin.id)).toContain(
        'There is no cluster called `eu-dve`. Did you mean `eu-dev`?',
      ),
    );
    expect(h.dispatcher.dispatched).toEqual([]);
  });

  it('two different clusters in one command are refused by the grammar, before anything runs', async () => {
    h = await startHarness();
    const reply = await slash(h.admin.id, 'support start eu-dev/manage1 XL us-dev');
    expect(JSON.stringify(reply.json)).toContain('name two clusters');
    expect(h.dispatcher.dispatched).toEqual([]);
  });

  it('someone who is not a Curfew admin is refused privately, audited, and nothing runs', async () => {
    h = await startHarness();
    await slash(h.ana.id, 'support start eu-dev/manage1 XL');
    await eventually(() => expect(seen(h.ana.id)).toContain('You may not start support pods'));
    expect(seen(h.ana.id)).toContain('Only Curfew admins may');
    expect(h.dispatcher.dispatched).toEqual([]);
    expect(h.audit.entries.at(-1)).toMatchObject({
      action: 'slack:support-start',
      actor: h.ana.id,
      outcome: 'refused',
    });
  });

  it('an offline cluster is named offline, with how long Curfew keeps the request', async () => {
    h = await startHarness({ commandTtlMs: 600_000 });
    const eu = h.clusters.items.find((c) => c.clusterId === 'c-eu');
    if (eu) eu.connected = false;
    h.dispatcher.script = async (_request, commandId) => ({ state: 'pending', commandId });
    await slash(h.admin.id, 'support start eu-dev/manage1 XL');
    await eventually(() => expect(seen(h.admin.id)).toContain('the cluster is offline'));
    expect(seen(h.admin.id)).toContain('Curfew keeps the request for 10 minutes');
    // Stored and waiting: the router audits it when it finishes or expires, not before.
    expect(h.audit.entries).toEqual([]);
  });

  it('a request that could not be stored is audited as failed, saying why', async () => {
    h = await startHarness();
    h.dispatcher.script = async () => ({ state: 'unavailable', message: 'Redis is unreachable' });
    await slash(h.admin.id, 'support start eu-dev/manage1 XL');
    await eventually(() => expect(h.audit.entries).toHaveLength(1));
    expect(h.audit.entries[0]).toMatchObject({
      actor: h.admin.id,
      action: 'slack:support-start',
      clusterId: 'c-eu',
      outcome: 'failed',
      detail: 'manage1: Redis is unreachable',
    });
  });

  it('help says the cluster may be named and who may use support pods', async () => {
    h = await startHarness();
    const reply = await slash(h.ana.id, 'help');
    const body = JSON.stringify(reply.json);
    expect(body).toContain('support start [cluster/]<name>');
    expect(body).toContain('Curfew admins only');
  });

  it('shows the agent’s “until” instant as a Slack date in the reader’s zone, not as ISO text', async () => {
    h = await startHarness();
    h.clusters.items.splice(1); // one cluster: no need to name it
    const until = '2026-12-03T20:00:00.000Z';
    agentAnswers(
      (name) =>
        `Support pod ${name} (S) started in curfew-system until ${until}: kubectl exec -it -n curfew-system ${name} -- sh`,
    );
    await slash(h.admin.id, 'support start dbg S');
    await eventually(() => {
      const text = seen(h.admin.id);
      expect(text).toContain('Support pod `dbg` on `eu-dev` started');
      expect(text).toContain(`<!date^${Date.parse(until) / 1000}^`);
      expect(text).not.toContain(until);
    });
    expect(h.dispatcher.dispatched[0]).toMatchObject({
      action: Action.SUPPORT_START,
      clusterId: 'c-eu',
      supportName: 'dbg',
      supportSize: 'S',
    });
  });
});
