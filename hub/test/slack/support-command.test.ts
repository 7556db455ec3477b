import { create } from '@bufbuild/protobuf';
import { Action, CommandResultSchema, CommandStatus } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('/devenv support over signed HTTP', () => {
  it('shows the agent’s “until” instant as a Slack date in the reader’s zone, not as ISO text', async () => {
    h = await startHarness();
    h.clusters.items.splice(1); // one cluster: the grammar names none yet
    const until = '2026-12-03T20:00:00.000Z';
    h.dispatcher.script = async (_request, commandId) => ({
      state: 'done',
      commandId,
      result: create(CommandResultSchema, {
        commandId,
        status: CommandStatus.SUCCEEDED,
        message: `Support pod dbg (S) started in curfew-system until ${until}: kubectl exec -it -n curfew-system dbg -- sh`,
      }),
    });
    const reply = await h.slack.send(
      h.slack.slashCommand({ userId: h.admin.id, text: 'support start dbg S' }),
    );
    expect(reply.status).toBe(200);
    await eventually(() => {
      const text = h.sim.workspace
        .dm(h.admin.id)
        .filter((m) => !m.deleted)
        .map((m) => `${m.text} ${blocksText(m.blocks)}`)
        .join('\n');
      expect(text).toContain('Support pod');
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
