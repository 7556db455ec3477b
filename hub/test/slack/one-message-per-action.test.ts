/**
 * One action, one message (issue 19 part 6): the owner's own suspend from Slack comes back from
 * the agent as a SUSPENDED notification with the command's id; it turns the namespace's open
 * reminder into the news instead of closing it and posting a second DM. Anyone else's suspend,
 * the schedule's, and a suspend with no reminder open still reach the owner as a message of
 * their own.
 */
import { NotificationKind } from '@curfew/proto';
import { blocksText, type SimMessage } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { summary } from './support/fakes.js';
import { eventually, type Harness, harnessPerTest, settle } from './support/harness.js';
import { notification, reminder } from './support/notifications.js';

const start = harnessPerTest();

const text = (m: SimMessage | undefined) => (m ? `${m.text}\n${blocksText(m.blocks)}` : '');

function suspended(actor: string, commandId: string) {
  return notification({
    id: `suspended:team-a:${commandId || 'schedule'}`,
    kind: NotificationKind.SUSPENDED,
    namespace: 'team-a',
    owner: 'ana@example.com',
    actor,
    commandId,
    text: `team-a was suspended by ${actor}: 3 workloads scaled to 0.`,
  });
}

async function withReminder() {
  const x = await start();
  x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
  await x.mount.sink.deliver('c-eu', reminder('n-1', 'team-a', 'ana@example.com'));
  const message = await eventually(() => {
    const [first] = x.sim.workspace.dm(x.ana.id);
    if (!first) throw new Error('no reminder yet');
    return first;
  });
  return { x, message };
}

/**
 * Nothing new reaches ana's DM: the outbox paces one message per second per channel, so a
 * second DM would show well within this wait.
 */
async function noNewDm(x: Harness, count: number) {
  await settle(1_500);
  expect(x.sim.workspace.dm(x.ana.id).map(text)).toHaveLength(count);
}

describe('one message per action', () => {
  it('ana suspends from her reminder: that message becomes the news, and no second DM says it again', async () => {
    const { x, message } = await withReminder();
    await x.slack.send(
      x.slack.messageAction({ userId: x.ana.id, message, actionId: 'curfew_suspend' }),
    );
    await eventually(() => expect(text(message)).toContain('Suspended by'));
    const count = x.sim.workspace.dm(x.ana.id).length;
    await x.mount.sink.deliver('c-eu', suspended(x.ana.id, 'cmd-1'));
    await eventually(() => expect(text(message)).toContain('was suspended by'));
    expect(text(message)).toContain('Resume');
    expect(text(message)).not.toContain('closed');
    await noNewDm(x, count);
  });

  it('ana suspends with /devenv stop while a reminder is open: the reminder becomes the suspended message', async () => {
    const { x, message } = await withReminder();
    await x.slack.send(x.slack.slashCommand({ userId: x.ana.id, text: 'stop team-a' }));
    await eventually(() =>
      expect(x.sim.workspace.dm(x.ana.id).some((m) => text(m).includes('Suspended by'))).toBe(true),
    );
    const count = x.sim.workspace.dm(x.ana.id).length;
    await x.mount.sink.deliver('c-eu', suspended(x.ana.id, 'cmd-1'));
    await eventually(() => expect(text(message)).toContain('was suspended by'));
    expect(text(message)).toContain('Resume');
    await noNewDm(x, count);
  });

  it('bob suspends ana’s namespace: ana hears it in a message of its own, and her reminder closes', async () => {
    const { x, message } = await withReminder();
    await x.mount.sink.deliver('c-eu', suspended(x.bob.id, 'cmd-7'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    expect(text(x.sim.workspace.dm(x.ana.id)[1])).toContain('was suspended by');
    await eventually(() => expect(text(message)).toContain('closed'));
  });

  it('with no reminder open, ana’s own suspend is still a lasting message with Resume', async () => {
    const x = await start();
    x.namespaces.add('c-eu', summary({ name: 'team-a', owner: 'ana@example.com' }));
    await x.mount.sink.deliver('c-eu', suspended(x.ana.id, 'cmd-1'));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(1));
    expect(text(x.sim.workspace.dm(x.ana.id)[0])).toContain('Resume');
  });

  it('a suspend on schedule closes the reminder and posts its own message, as before', async () => {
    const { x, message } = await withReminder();
    await x.mount.sink.deliver('c-eu', suspended('schedule', ''));
    await eventually(() => expect(x.sim.workspace.dm(x.ana.id)).toHaveLength(2));
    expect(text(x.sim.workspace.dm(x.ana.id)[1])).toContain('was suspended on schedule');
    await eventually(() => expect(text(message)).toContain('closed'));
  });
});
