/**
 * Every message the Slack side builds, scanned for what a person should never have to read:
 * an ISO timestamp (a time not in their own zone — Slack date tokens are), a raw Slack user id
 * or an email where a name can be shown (mentions are), and "1 workloads". The inputs carry
 * exactly the things that used to leak: agent-written text with ISO instants and user ids,
 * actors that are user ids, owners that are emails, counts of one.
 *
 * A builder added to one of the scanned modules without a sample here fails the last test:
 * it must be scanned too, or listed as a helper that builds no message.
 */
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  CloudResourceSchema,
  CommandResultSchema,
  CommandStatus,
  NamespaceState,
  NotificationKind,
  WorkloadRefSchema,
} from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import * as appHome from '../../../src/slack/blocks/app-home.js';
import * as answers from '../../../src/slack/blocks/command-answers.js';
import * as expiry from '../../../src/slack/blocks/expiry.js';
import * as list from '../../../src/slack/blocks/list.js';
import * as card from '../../../src/slack/blocks/namespace-card.js';
import * as notices from '../../../src/slack/blocks/notices.js';
import * as reminder from '../../../src/slack/blocks/reminder.js';
import * as extend from '../../../src/slack/commands/run-extend.js';
import * as render from '../../../src/slack/notifications/render.js';
import { summary } from '../support/fakes.js';
import { notification } from '../support/notifications.js';

const NOW = Date.UTC(2026, 11, 2, 12, 0);
const LATER = Date.UTC(2026, 11, 2, 13, 27, 47);
const ANA = 'U0AB12CD3';
const ISO = new Date(LATER).toISOString(); // "2026-12-02T13:27:47.000Z", as core writes it
const cluster = { clusterId: 'c-eu', clusterName: 'dev-eu' };
const one = (kind: string, name: string, sku = '') =>
  create(WorkloadRefSchema, { kind, name, sku, validUntil: timestampFromMs(LATER) });
const running = summary({
  name: 'team-a',
  owner: 'ana@example.com',
  runningPods: 1,
  nextShutdown: timestampFromMs(LATER),
  snoozedUntil: timestampFromMs(LATER),
  problem: `snoozed until ${ISO} by ${ANA}`,
});
const suspended = summary({
  name: 'team-a',
  owner: 'ana@example.com',
  state: NamespaceState.SUSPENDED,
  suspendedAt: timestampFromMs(NOW),
  suspendedBy: ANA,
});
const nine = Array.from({ length: 9 }, (_, i) =>
  create(CloudResourceSchema, { kind: 'ec2', id: `i-${i}`, region: 'eu-west-1', state: 'running' }),
);
const result = (status: CommandStatus) =>
  create(CommandResultSchema, {
    commandId: 'cmd-1',
    status,
    message: `team-a snoozed until ${ISO} by ${ANA}`,
    matched: [one('Deployment', 'web', 'team-a')],
  });
/** What agents write today: plain text with ISO instants and Slack user ids in it. */
const agentNotification = (kind: NotificationKind, text: string) =>
  notification({
    id: `n-${kind}`,
    kind,
    namespace: 'team-a',
    owner: 'ana@example.com',
    actor: ANA,
    text,
    shutdownAt: timestampFromMs(LATER),
    runningPods: 1,
    workloads: [one('Deployment', 'web')],
  });
const NOTIFICATION_TEXTS: Record<NotificationKind, string> = {
  [NotificationKind.UNSPECIFIED]: '',
  [NotificationKind.REMINDER]: 'team-a will be suspended in 15 minutes',
  [NotificationKind.SUSPENDED]: `team-a was suspended by ${ANA}: 1 workload scaled to 0.`,
  [NotificationKind.RESUMED]: `team-a is running again: its 1 workload ready. Started at ${ISO}.`,
  [NotificationKind.EXPIRY_WARNING]: '1 workload in team-a expires in 15 minutes',
  [NotificationKind.EXPIRED]: 'Time is up in team-a: 1 workload scaled to 0, 0 bare Pods deleted.',
  [NotificationKind.ACTION_OUTCOME]: `team-a snoozed until ${ISO}`,
  [NotificationKind.DRIFT]: `${ANA} scaled web up again at ${ISO}`,
};
const listed = [
  { ...cluster, summary: running },
  { clusterId: 'c-us', clusterName: 'dev-us', summary: suspended, offline: { lastSeen: NOW } },
];

/** Every builder of the scanned modules, with the messages it builds from the inputs above. */
const SAMPLES: Record<string, () => unknown[]> = {
  homeView: () => [appHome.homeView({ items: listed, now: NOW, commandName: '/devenv' })],
  helpMessage: () => [answers.helpMessage('/devenv')],
  commandErrorMessage: () => [
    answers.commandErrorMessage("'stpo' is not a command.", '/devenv stop <ns>', '/devenv'),
  ],
  whichClusterMessage: () => [
    answers.whichClusterMessage('team-a', [
      { clusterName: 'dev-eu', commandText: 'stop dev-eu/team-a' },
      { clusterName: 'dev-us', commandText: 'stop dev-us/team-a' },
    ]),
  ],
  expiryMessage: () =>
    [false, true].map((expired) =>
      expiry.expiryMessage({
        ...cluster,
        namespace: 'team-a',
        workloads: [one('Pod', 'x')],
        expired,
        now: NOW,
      }),
    ),
  listMessage: () => [
    list.listMessage(listed, NOW, '/devenv'),
    list.listMessage([], NOW, '/devenv'),
  ],
  offlineNotes: () => list.offlineNotes(listed),
  staleMark: () => listed.map(list.staleMark),
  namespaceCard: () =>
    [running, suspended].map((s) =>
      card.namespaceCard({
        ...cluster,
        summary: s,
        now: NOW,
        ownerUserId: ANA,
        note: `:white_check_mark: Suspended by <@${ANA}>.`,
      }),
    ),
  namespaceFacts: () => [running, suspended].map((s) => card.namespaceFacts(s, NOW)),
  plainMessage: () => [notices.plainMessage('Done.', 'Nothing else to do.')],
  progressMessage: () => [notices.progressMessage('Suspending', 'team-a', 'dev-eu')],
  workingMessage: () => [
    notices.workingMessage(
      'Deleting',
      'team-a',
      'dev-eu',
      'deleting: team-a is terminating; Kubernetes removes its contents first.',
    ),
  ],
  refusalMessage: () => [notices.refusalMessage('suspend team-a', 'Only its owner may.')],
  pendingMessage: () => [
    notices.pendingMessage('Suspending', 'team-a', 'dev-eu'),
    notices.pendingMessage('Suspending', 'team-a', 'dev-eu', {
      connected: false,
      lastSeen: NOW,
      waitMs: 60_000,
    }),
  ],
  expiredMessage: () => [notices.expiredMessage('team-a', 'dev-eu', 'offline for 1 day')],
  unavailableMessage: () => [notices.unavailableMessage('Redis is down.'), notices.STORE_DOWN],
  resultMessage: () =>
    Object.values(CommandStatus)
      .filter((s): s is CommandStatus => typeof s === 'number')
      .flatMap((status) =>
        (['snooze', 'delete'] as const).map((what) =>
          notices.resultMessage({
            done: what === 'snooze' ? 'Snoozed for 1h' : 'Deleted',
            what,
            namespace: 'team-a',
            clusterName: 'dev-eu',
            result: result(status),
            actor: ANA,
          }),
        ),
      ),
  reminderMessage: () => [
    reminder.reminderMessage({
      ...cluster,
      namespace: 'team-a',
      shutdownAt: LATER,
      runningPods: 1,
      cloud: nine,
      now: NOW,
    }),
  ],
  closedReminder: () => [reminder.closedReminder('team-a', 'dev-eu', 'it has been suspended')],
  extendLine: () => [
    extend.extendLine('dev-eu', { state: 'done', commandId: 'cmd-1', result: result(1) }),
    extend.extendLine('dev-eu', { state: 'unavailable', message: 'Redis is down.' }),
  ],
  renderNotification: () =>
    Object.entries(NOTIFICATION_TEXTS).map(([kind, text]) =>
      render.renderNotification({
        ...cluster,
        notification: agentNotification(Number(kind) as NotificationKind, text),
        now: NOW,
      }),
    ),
};

/**
 * Exported functions of the scanned modules that build no message of their own: helpers, and
 * flows whose messages come from the builders above.
 */
const HELPERS = new Set(['extendSkus', 'runExtend']);

/** Every string a person may read in a message: its text and every text in its blocks. */
function readable(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(readable);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      // Ids and values are for the app, not for people.
      ['action_id', 'block_id', 'value', 'type', 'style', 'url'].includes(key) ? [] : readable(v),
    );
  }
  return [];
}

/** What a person reads once Slack has rendered mentions and dates. */
function asRead(text: string): string {
  return text.replace(/<!date\^[^>]*>/g, '<date>').replace(/<@[UW][A-Z0-9]+>/g, '@name');
}

const PROBLEMS: { name: string; pattern: RegExp }[] = [
  { name: 'an ISO timestamp', pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/ },
  { name: 'a raw Slack user id', pattern: /\b[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/ },
  { name: 'an email', pattern: /[\w.+-]+@[\w-]+\.[a-z]{2,}/i },
  {
    name: 'a plural after 1',
    pattern:
      /\b1 (?:running |bare |more |more cloud |KEDA )?(?:workloads|pods|namespaces|clusters|minutes|hours|days|CronJobs|ScaledObjects|resources|replicas)\b/i,
  },
];

describe('every Slack message reads as a person would say it', () => {
  for (const [builder, build] of Object.entries(SAMPLES)) {
    it(`${builder} shows no ISO time, raw id, email or "1 workloads"`, () => {
      const texts = build().flatMap(readable).map(asRead);
      expect(texts.length).toBeGreaterThan(0);
      const found = texts.flatMap((text) =>
        PROBLEMS.filter((p) => p.pattern.test(text)).map((p) => `${p.name} in: ${text}`),
      );
      expect(found).toEqual([]);
    });
  }

  it('the scan catches each problem it looks for', () => {
    const leaks = [
      `snoozed until ${ISO}`,
      `suspended by ${ANA}`,
      'owned by ana@example.com',
      '1 workloads scaled to 0',
      '1 running pods',
    ];
    for (const leak of leaks) {
      expect(PROBLEMS.some((p) => p.pattern.test(asRead(leak)))).toBe(true);
    }
    expect(PROBLEMS.some((p) => p.pattern.test(asRead(`<@${ANA}> at <!date^1^{time}|x>`)))).toBe(
      false,
    );
  });

  it('scans every builder of the message modules', () => {
    const modules = [appHome, answers, expiry, list, card, notices, reminder, extend, render];
    const exported = modules.flatMap((m) =>
      Object.entries(m)
        .filter(([, v]) => typeof v === 'function')
        .map(([name]) => name),
    );
    const unscanned = exported.filter((name) => !(name in SAMPLES) && !HELPERS.has(name));
    expect(unscanned).toEqual([]);
  });
});
