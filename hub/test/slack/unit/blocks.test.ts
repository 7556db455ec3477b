import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { parseSlashCommand } from '@curfew/core';
import {
  CommandResultSchema,
  CommandStatus,
  NamespaceState,
  NotificationKind,
  PausedReconcilerSchema,
} from '@curfew/proto';
import { actionIds, blocksText, findElement } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { namespaceBlockId, parseNamespaceBlockId } from '../../../src/slack/blocks/action-ids.js';
import { homeView } from '../../../src/slack/blocks/app-home.js';
import {
  commandErrorMessage,
  whichClusterMessage,
} from '../../../src/slack/blocks/command-answers.js';
import { expiryMessage, extendSkus } from '../../../src/slack/blocks/expiry.js';
import {
  agentText,
  relative,
  resources,
  slackTime,
  spokenDuration,
  stripMarkup,
} from '../../../src/slack/blocks/format.js';
import { listMessage } from '../../../src/slack/blocks/list.js';
import { namespaceCard } from '../../../src/slack/blocks/namespace-card.js';
import { resultMessage, unavailableMessage } from '../../../src/slack/blocks/notices.js';
import { reminderMessage } from '../../../src/slack/blocks/reminder.js';
import { qualifiedCommandText } from '../../../src/slack/commands/command-text.js';
import { parseExtendValue } from '../../../src/slack/handlers/extend-button.js';
import { renderNotification } from '../../../src/slack/notifications/render.js';
import { summary } from '../support/fakes.js';
import { notification } from '../support/notifications.js';

const NOW = Date.UTC(2026, 10, 20, 17, 45);

describe('reminder', () => {
  const message = reminderMessage({
    clusterId: 'c1',
    clusterName: 'eu-dev',
    namespace: 'team-a',
    shutdownAt: NOW + 15 * 60_000,
    runningPods: 3,
    now: NOW,
  });

  it('offers snooze 1h/3h/1d/3d, suspend now and delete, about this namespace', () => {
    expect(actionIds(message.blocks)).toEqual(['curfew_snooze', 'curfew_suspend', 'curfew_delete']);
    const snooze = findElement(message.blocks, 'curfew_snooze');
    expect(((snooze?.element.options ?? []) as { value: string }[]).map((o) => o.value)).toEqual([
      '1h',
      '3h',
      '1d',
      '3d',
    ]);
    expect(parseNamespaceBlockId(snooze?.blockId)).toEqual({
      clusterId: 'c1',
      namespace: 'team-a',
    });
  });

  it('asks for confirmation before deleting', () => {
    const remove = findElement(message.blocks, 'curfew_delete');
    expect(remove?.element.confirm).toMatchObject({ confirm: { text: 'Delete it' } });
  });

  it('says when, in the reader’s time zone, and how soon', () => {
    expect(blocksText(message.blocks)).toContain(`<!date^${(NOW + 15 * 60_000) / 1000}^`);
    expect(message.text).toContain('in 15 min');
  });
});

describe('namespace card', () => {
  it.each([
    {
      name: 'a running namespace offers snooze, suspend and delete',
      state: NamespaceState.RUNNING,
      ids: ['curfew_snooze', 'curfew_suspend', 'curfew_delete'],
    },
    {
      name: 'a suspended namespace offers resume and delete',
      state: NamespaceState.SUSPENDED,
      ids: ['curfew_resume', 'curfew_delete'],
    },
    { name: 'a system namespace offers nothing', state: NamespaceState.SYSTEM, ids: [] },
    { name: 'an unmanaged namespace offers nothing', state: NamespaceState.UNMANAGED, ids: [] },
  ])('$name', ({ state, ids }) => {
    const card = namespaceCard({
      clusterId: 'c1',
      clusterName: 'eu',
      summary: summary({ name: 'n', state }),
      now: NOW,
    });
    expect(actionIds(card.blocks)).toEqual(ids);
  });

  it('escapes names so they cannot inject mentions', () => {
    const card = namespaceCard({
      clusterId: 'c1',
      clusterName: '<!channel>',
      summary: summary({ name: 'n' }),
      now: NOW,
    });
    expect(blocksText(card.blocks)).not.toContain('<!channel>');
  });

  it('names the GitOps reconcilers Curfew paused for the suspend, in the card and the list', () => {
    const paused = summary({
      name: 'n',
      state: NamespaceState.SUSPENDED,
      pausedReconcilers: [
        create(PausedReconcilerSchema, {
          kind: 'Application',
          namespace: 'argocd',
          name: 'shop',
          pausedFor: ['n'],
        }),
        create(PausedReconcilerSchema, {
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
          pausedFor: ['n'],
        }),
      ],
    });
    const line =
      ':double_vertical_bar: paused by Curfew until resume: Argo CD Application `argocd/shop`, Flux Kustomization `flux-system/apps`';
    const card = namespaceCard({ clusterId: 'c1', clusterName: 'eu', summary: paused, now: NOW });
    expect(blocksText(card.blocks)).toContain(line);
    const list = listMessage(
      [{ clusterId: 'c1', clusterName: 'eu', summary: paused }],
      NOW,
      '/devenv',
    );
    expect(blocksText(list.blocks)).toContain(line);
    const running = namespaceCard({
      clusterId: 'c1',
      clusterName: 'eu',
      summary: summary({ name: 'n' }),
      now: NOW,
    });
    expect(blocksText(running.blocks)).not.toContain('paused by Curfew');
  });

  it('shows drift and problems', () => {
    const card = namespaceCard({
      clusterId: 'c1',
      clusterName: 'eu',
      summary: summary({ name: 'n', drift: 'argo resets replicas', problem: 'bad uptime' }),
      now: NOW,
    });
    expect(blocksText(card.blocks)).toContain('argo resets replicas');
    expect(blocksText(card.blocks)).toContain('bad uptime');
  });
});

describe('expiry', () => {
  it.each([
    { name: 'one SKU is renewed once', skus: ['/a/b', '/a/b'], expected: ['/a/b'] },
    {
      name: 'several SKUs are listed once each, sorted',
      skus: ['/z', '/a'],
      expected: ['/a', '/z'],
    },
    {
      name: 'workloads without SKU add nothing (they cannot be targeted)',
      skus: ['/a', ''],
      expected: ['/a'],
    },
  ])('$name', ({ skus, expected }) => {
    expect(extendSkus(skus.map((sku) => ({ sku }) as never))).toEqual(expected);
  });

  it('offers no Extend button when no workload has an SKU, and says what to do', () => {
    const message = expiryMessage({
      clusterId: 'c',
      clusterName: 'c',
      namespace: 'n',
      workloads: [{ sku: '', kind: 'Pod', name: 'p' } as never],
      expired: false,
      now: 0,
    });
    expect(actionIds(message.blocks)).toEqual(['curfew_let_expire']);
    expect(blocksText(message.blocks)).toContain('curfew.dev/timer');
  });

  it('an expired message has no "let it expire"', () => {
    const message = expiryMessage({
      clusterId: 'c',
      clusterName: 'c',
      namespace: 'n',
      workloads: [{ sku: '/a', kind: 'Pod', name: 'p' } as never],
      expired: true,
      now: 0,
    });
    expect(actionIds(message.blocks)).toEqual(['curfew_extend_1h', 'curfew_extend_1d']);
  });

  const T = Date.UTC(2026, 11, 4, 9, 0);
  const bomb = (name: string, minutesLeft: number) =>
    ({
      sku: '/shop',
      kind: 'Deployment',
      name,
      validUntil: timestampFromMs(T + minutesLeft * 60_000),
    }) as never;
  it.each([
    {
      name: 'a warning says the time left until the workload expires, and when that is',
      workloads: [bomb('web', 14)],
      headline: `go off in 14 min, at ${slackTime(T + 14 * 60_000)}:`,
      text: 'expire in 14 min',
    },
    {
      name: 'with several validities it counts to the first, and says so',
      workloads: [bomb('web', 90), bomb('api', 25)],
      headline: `go off in 25 min (the first of them), at ${slackTime(T + 25 * 60_000)}:`,
      text: 'expire in 25 min',
    },
    {
      name: 'hours are said as hours, not as a 60-minute offset',
      workloads: [bomb('web', 125)],
      headline: 'go off in 2 h 5 min, at',
      text: 'expire in 2 h 5 min',
    },
    {
      name: 'a validity already passed when the message is written says now',
      workloads: [bomb('web', -1)],
      headline: 'go off now, at',
      text: 'expire now',
    },
    {
      name: 'without any validity it cannot say how long, only that it is soon',
      workloads: [{ sku: '/shop', kind: 'Pod', name: 'p' } as never],
      headline: 'are about to go off:',
      text: 'expire soon',
    },
  ])('$name', ({ workloads, headline, text }) => {
    const message = expiryMessage({
      clusterId: 'c',
      clusterName: 'dev-eu',
      namespace: 'preview',
      workloads,
      expired: false,
      now: T,
    });
    expect(blocksText(message.blocks)).toContain(headline);
    expect(message.text).toBe(`Workloads in preview on dev-eu ${text}`);
  });

  it.each([
    {
      name: 'a known duration with its SKUs',
      value: JSON.stringify({ d: '1h', s: ['/a', '/b'] }),
      parsed: { durationMs: 3_600_000, skus: ['/a', '/b'] },
    },
    {
      name: 'no SKU is nothing to extend',
      value: JSON.stringify({ d: '1d', s: [''] }),
      parsed: undefined,
    },
    {
      name: 'an unknown duration is refused',
      value: JSON.stringify({ d: '5y', s: [] }),
      parsed: undefined,
    },
    { name: 'garbage is refused', value: 'not json', parsed: undefined },
  ])('an Extend value: $name', ({ value, parsed }) => {
    expect(parseExtendValue(value)).toEqual(parsed);
  });
});

describe('answers to commands', () => {
  it('asks which cluster with one button per cluster, each carrying the full command', () => {
    const message = whichClusterMessage('app', [
      { clusterName: 'eu', commandText: 'stop eu/app' },
      { clusterName: 'us', commandText: 'stop us/app' },
    ]);
    expect(actionIds(message.blocks)).toEqual([
      'curfew_choose_cluster_0',
      'curfew_choose_cluster_1',
    ]);
    expect(findElement(message.blocks, 'curfew_choose_cluster_1')?.element.value).toBe(
      JSON.stringify({ t: 'stop us/app' }),
    );
  });

  it.each([
    { name: 'stop keeps its verb', text: 'stop app', qualified: 'stop eu/app' },
    {
      name: 'prolong keeps its duration',
      text: 'prolong app for 90m',
      qualified: 'prolong eu/app for 1h30m',
    },
    { name: 'list has nothing to qualify', text: 'list', qualified: undefined },
  ])('re-writes a command with its cluster: $name', ({ text, qualified }) => {
    const command = parseSlashCommand(text);
    expect(qualifiedCommandText(command, 'eu')).toBe(qualified);
    if (qualified !== undefined)
      expect(parseSlashCommand(qualified)).toMatchObject({ kind: command.kind });
  });

  it('writes usage with the configured command name', () => {
    expect(commandErrorMessage('bad', 'Usage: /devenv stop <namespace>', '/curfew').text).toContain(
      '/curfew stop',
    );
  });

  it('tells someone without namespaces how a namespace becomes theirs', () => {
    expect(blocksText(listMessage([], NOW, '/devenv').blocks)).toContain('curfew.dev/owner');
  });
});

describe('App Home', () => {
  it('shows each namespace with its buttons, and a notice on top', () => {
    const view = homeView({
      items: [
        {
          clusterId: 'c1',
          clusterName: 'eu',
          summary: summary({ name: 'a', nextShutdown: timestampFromMs(NOW + 3_600_000) }),
        },
        {
          clusterId: 'c2',
          clusterName: 'us',
          summary: summary({ name: 'b', state: NamespaceState.SUSPENDED }),
        },
      ],
      now: NOW,
      commandName: '/devenv',
      notice: 'Suspended a',
    });
    expect(view.type).toBe('home');
    expect(blocksText(view.blocks)).toContain('Suspended a');
    expect(blocksText(view.blocks)).toContain('in 1 h');
    expect(actionIds(view.blocks)).toEqual([
      'curfew_snooze',
      'curfew_suspend',
      'curfew_delete',
      'curfew_resume',
      'curfew_delete',
    ]);
    const blockIds = (view.blocks as { block_id?: string }[])
      .map((b) => b.block_id)
      .filter(Boolean);
    expect(new Set(blockIds).size).toBe(blockIds.length);
  });

  it('stays within Slack’s 100-block limit for many namespaces', () => {
    const items = Array.from({ length: 80 }, (_, i) => ({
      clusterId: 'c',
      clusterName: 'c',
      summary: summary({ name: `ns-${i}` }),
    }));
    expect(
      (homeView({ items, now: NOW, commandName: '/devenv' }).blocks as unknown[]).length,
    ).toBeLessThanOrEqual(100);
  });
});

describe('formatting', () => {
  it.each([
    { name: 'minutes', ms: 15 * 60_000, text: 'in 15 min' },
    { name: 'whole hours', ms: 2 * 3_600_000, text: 'in 2 h' },
    { name: 'hours and minutes', ms: 3_600_000 + 5 * 60_000, text: 'in 1 h 5 min' },
    { name: 'days and hours', ms: 27 * 3_600_000, text: 'in 1 d 3 h' },
    { name: 'the past', ms: -60_000, text: 'now' },
  ])('relative time: $name', ({ ms, text }) => {
    expect(relative(NOW + ms, NOW)).toBe(text);
  });

  it('gives a UTC fallback for clients that cannot render dates', () => {
    expect(slackTime(NOW)).toBe(
      `<!date^${NOW / 1000}^{date_short_pretty} {time}|2026-11-20 17:45 UTC>`,
    );
  });

  it('sums requests in vCPU and GiB', () => {
    expect(resources({ cpuMillis: 2500n, memoryBytes: 6n * 1024n ** 3n } as never)).toBe(
      '2.5 vCPU, 6 GiB requested',
    );
  });

  it('round-trips namespace block ids', () => {
    expect(
      parseNamespaceBlockId(namespaceBlockId({ clusterId: 'c-1', namespace: 'ns' }, 'x')),
    ).toEqual({ clusterId: 'c-1', namespace: 'ns' });
    expect(parseNamespaceBlockId('choose-cluster')).toBeUndefined();
  });
});

describe('renderNotification', () => {
  it('says nothing for a reminder without a shutdown time', () => {
    const n = notification({ id: '1', kind: NotificationKind.REMINDER, namespace: 'a' });
    expect(
      renderNotification({ clusterId: 'c', clusterName: 'c', notification: n, now: NOW }),
    ).toBeUndefined();
  });

  it('names who suspended, or the schedule', () => {
    const bySchedule = renderNotification({
      clusterId: 'c',
      clusterName: 'c',
      now: NOW,
      notification: notification({
        id: '1',
        kind: NotificationKind.SUSPENDED,
        namespace: 'a',
        actor: 'schedule',
      }),
    });
    const byUser = renderNotification({
      clusterId: 'c',
      clusterName: 'c',
      now: NOW,
      notification: notification({
        id: '2',
        kind: NotificationKind.SUSPENDED,
        namespace: 'a',
        actor: 'U0ANA',
      }),
    });
    expect(blocksText(bySchedule?.blocks)).toContain('on schedule');
    expect(blocksText(byUser?.blocks)).toContain('<@U0ANA>');
  });
});

describe('resultMessage', () => {
  it.each([
    {
      name: 'success names the actor',
      status: CommandStatus.SUCCEEDED,
      shows: 'Suspended *a* on `eu` (by <@U0ANA>)',
    },
    {
      name: 'a refusal names the action in plain words',
      status: CommandStatus.REJECTED,
      shows: 'refused to suspend *a*',
    },
    {
      name: 'a failure says to retry, then ask the platform team',
      status: CommandStatus.FAILED,
      shows: 'ask your platform team',
    },
    { name: 'an expiry says the cluster gave up', status: CommandStatus.EXPIRED, shows: 'gave up' },
  ])('$name', ({ status, shows }) => {
    const result = create(CommandResultSchema, { commandId: 'c', status, message: '' });
    const message = resultMessage({
      done: 'Suspended',
      what: 'suspend',
      namespace: 'a',
      clusterName: 'eu',
      result,
      actor: 'U0ANA',
    });
    expect(blocksText(message.blocks)).toContain(shows);
  });
});

describe('unavailableMessage', () => {
  it.each([
    {
      name: 'a Redis outage asks to try again',
      reason: undefined,
      says: 'Try again in a minute',
    },
    {
      name: 'an unknown cluster says nothing was done, without suggesting a retry',
      reason: 'cluster' as const,
      says: 'Nothing was done',
    },
  ])('$name', ({ reason, says }) => {
    const text = blocksText(unavailableMessage('no cluster "x" is registered', reason).blocks);
    expect(text).toContain(says);
    expect(text).toContain('no cluster "x" is registered');
    expect(text.includes('Try again')).toBe(reason === undefined);
  });
});

describe('agentText', () => {
  it.each([
    {
      name: 'an instant becomes a date in the reader’s zone',
      text: 'team-a snoozed until 2026-12-02T13:27:47.000Z',
      shows: `team-a snoozed until ${slackTime(Date.UTC(2026, 11, 2, 13, 27, 47))}`,
    },
    {
      name: 'an instant without a fraction is converted too',
      text: 'valid until 2026-12-02T13:27:47Z',
      shows: `valid until ${slackTime(Date.UTC(2026, 11, 2, 13, 27, 47))}`,
    },
    {
      name: 'a Slack user id becomes a mention',
      text: 'team-a was suspended by U0AB12CD3: 1 workload scaled to 0.',
      shows: 'team-a was suspended by <@U0AB12CD3>: 1 workload scaled to 0.',
    },
    {
      name: 'words in capitals are not taken for user ids',
      text: 'UNAVAILABLE WORKLOADS',
      shows: 'UNAVAILABLE WORKLOADS',
    },
    {
      name: 'markup characters are escaped',
      text: 'a <b> & c',
      shows: 'a &lt;b&gt; &amp; c',
    },
  ])('$name', ({ text, shows }) => {
    expect(agentText(text)).toBe(shows);
  });
});

describe('spokenDuration', () => {
  it.each([
    { name: 'seconds under a minute', ms: 30_000, says: '30 seconds' },
    { name: 'one minute is singular', ms: 60_000, says: '1 minute' },
    { name: 'hours and minutes', ms: 90 * 60_000, says: '1 hour 30 minutes' },
    { name: 'a day', ms: 86_400_000, says: '1 day' },
    {
      name: 'days drop the minutes',
      ms: 2 * 86_400_000 + 3 * 3_600_000 + 60_000,
      says: '2 days 3 hours',
    },
  ])('$name', ({ ms, says }) => {
    expect(spokenDuration(ms)).toBe(says);
  });
});

describe('stripMarkup', () => {
  it('drops bold, code and emoji but keeps mentions and date tokens for Slack to render', () => {
    const date = slackTime(Date.UTC(2026, 11, 2, 13, 27));
    expect(
      stripMarkup(`:white_check_mark: *Suspended* \`team_a\` by <@U0AB12CD3> at ${date}`),
    ).toBe(`Suspended teama by <@U0AB12CD3> at ${date}`);
  });
});

describe('delete dialog', () => {
  it('names the cluster as well as the namespace', () => {
    const message = reminderMessage({
      clusterId: 'c1',
      clusterName: 'eu-dev',
      namespace: 'demo',
      shutdownAt: NOW,
      runningPods: 1,
      now: NOW,
    });
    const dialog = findElement(message.blocks, 'curfew_delete')?.element.confirm as {
      text: { text: string };
    };
    expect(dialog.text.text).toContain('*demo* on cluster `eu-dev`');
  });
});
