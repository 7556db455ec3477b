/**
 * Cloud resources (EC2, RDS) in what Slack shows: status cards and App Home list them with state,
 * cost per day counts the priced running ones, reminders say what stops with the namespace.
 */
import { create } from '@bufbuild/protobuf';
import { CloudResourceSchema, NamespaceState, ResourceRequestsSchema } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/slack/blocks/app-home.js';
import { cloudFacts } from '../../../src/slack/blocks/cloud-facts.js';
import { costPerDayText } from '../../../src/slack/blocks/cost.js';
import { namespaceCard } from '../../../src/slack/blocks/namespace-card.js';
import { reminderMessage } from '../../../src/slack/blocks/reminder.js';
import { summary } from '../support/fakes.js';

const NOW = Date.UTC(2026, 2, 2, 17, 0);
const GIB = 2n ** 30n;
const prices = { vcpuHour: 0.05, gibHour: 0.01 };
const requested = create(ResourceRequestsSchema, { cpuMillis: 2_000n, memoryBytes: 4n * GIB }); // $3.36/day
const cloud = (init: Parameters<typeof create<typeof CloudResourceSchema>>[1]) =>
  create(CloudResourceSchema, { region: 'eu-west-1', ...init });
const db = cloud({
  kind: 'rds',
  id: 'orders',
  state: 'available',
  size: 'db.t3.medium',
  dollarsPerHour: 0.1,
});
const jump = cloud({
  kind: 'ec2',
  id: 'i-0abc',
  name: 'jump host',
  state: 'running',
  dollarsPerHour: 0.05,
});
const replica = cloud({
  kind: 'rds',
  id: 'orders-r',
  state: 'available',
  problem: 'is a read replica of orders; AWS cannot stop read replicas',
});

describe('cloud resources in cards', () => {
  it('each is one line: kind, id, Name tag, region, state, price, and Curfew’s part', () => {
    expect(
      cloudFacts([
        jump,
        cloud({ kind: 'rds-cluster', id: 'aurora', state: 'stopped', stoppedByCurfew: true }),
        replica,
      ]),
    ).toEqual([
      ':cloud: EC2 `i-0abc` "jump host" (eu-west-1): running, $0.05/h',
      ':cloud: RDS cluster `aurora` (eu-west-1): stopped, stopped by Curfew, started on resume',
      ':cloud: RDS `orders-r` (eu-west-1): available — :warning: is a read replica of orders; AWS cannot stop read replicas',
    ]);
  });

  it('a long list is cut and counted', () => {
    const many = Array.from({ length: 11 }, (_, i) =>
      cloud({ kind: 'ec2', id: `i-${i}`, state: 'running' }),
    );
    const lines = cloudFacts(many);
    expect(lines).toHaveLength(9);
    expect(lines.at(-1)).toBe(':cloud: …and 3 more cloud resources');
  });

  it('/devenv status shows them in the namespace card', () => {
    const card = namespaceCard({
      clusterId: 'c1',
      clusterName: 'eu',
      summary: summary({ name: 'team-a', state: NamespaceState.SUSPENDED, cloudResources: [db] }),
      now: NOW,
    });
    expect(blocksText(card.blocks)).toContain(
      ':cloud: RDS `orders` (eu-west-1): available, $0.10/h',
    );
  });
});

describe('cost per day with cloud resources', () => {
  it.each([
    {
      name: 'pods and a running priced database add up',
      req: requested,
      cloud: [db],
      text: '≈ $5.76 per day',
    },
    {
      name: 'a stopped database costs nothing',
      req: requested,
      cloud: [cloud({ ...db, state: 'stopped' })],
      text: '≈ $3.36 per day',
    },
    {
      name: 'unpriced resources add nothing',
      req: requested,
      cloud: [replica],
      text: '≈ $3.36 per day',
    },
    {
      name: 'cloud alone is shown without node prices',
      req: undefined,
      cloud: [jump],
      text: '≈ $1.20 per day',
      p: null,
    },
    {
      name: 'a suspended namespace with everything stopped shows no cost',
      req: create(ResourceRequestsSchema, {}),
      cloud: [cloud({ ...db, state: 'stopped' })],
      text: undefined,
    },
    {
      name: 'a kind this hub does not know is skipped',
      req: undefined,
      cloud: [cloud({ kind: 'lambda', id: 'f', state: 'running', dollarsPerHour: 1 })],
      text: undefined,
      p: null,
    },
  ])('$name', ({ req, cloud: resources, text, p }) => {
    expect(costPerDayText(req, p === null ? undefined : prices, resources)).toBe(text);
  });

  it('App Home counts them in each namespace’s cost and lists them', () => {
    const view = homeView({
      items: [
        {
          clusterId: 'c1',
          clusterName: 'eu',
          summary: summary({ name: 'a', requested, cloudResources: [db, jump] }),
          prices,
        },
      ],
      now: NOW,
      commandName: '/devenv',
    });
    const text = blocksText(view.blocks as Parameters<typeof blocksText>[0]);
    expect(text).toContain('Cost: ≈ $6.96 per day');
    expect(text).toContain(':cloud: EC2 `i-0abc` "jump host" (eu-west-1): running, $0.05/h');
  });

  it('a reminder counts them and says what stops with the namespace (not what cannot be stopped)', () => {
    const text = blocksText(
      reminderMessage({
        clusterId: 'c1',
        clusterName: 'eu',
        namespace: 'team-a',
        shutdownAt: NOW + 15 * 60_000,
        runningPods: 3,
        requested,
        prices,
        cloud: [db, jump, replica, cloud({ kind: 'ec2', id: 'i-off', state: 'stopped' })],
        now: NOW,
      }).blocks,
    );
    expect(text).toContain('≈ $6.96 per day');
    expect(text).toContain('Stops with it: rds `orders`, ec2 `i-0abc`');
    expect(text).not.toContain('orders-r');
  });
});
