/** Cost per day in reminders and App Home (SPEC "Slack", "More from the field → Cost"). */
import { create } from '@bufbuild/protobuf';
import { ResourceRequestsSchema } from '@curfew/proto';
import { blocksText } from '@curfew/slack-sim';
import { describe, expect, it } from 'vitest';
import { homeView } from '../../../src/slack/blocks/app-home.js';
import { costPerDayText } from '../../../src/slack/blocks/cost.js';
import { reminderMessage } from '../../../src/slack/blocks/reminder.js';
import { summary } from '../support/fakes.js';

const NOW = Date.UTC(2026, 2, 2, 17, 0);
const GIB = 2n ** 30n;
const prices = { vcpuHour: 0.05, gibHour: 0.01 };
const resources = (cpuMillis: bigint, memoryBytes: bigint) =>
  create(ResourceRequestsSchema, { cpuMillis, memoryBytes });
const requested = resources(2_000n, 4n * GIB); // 0.14/h → 3.36/day

describe('costPerDayText', () => {
  it.each([
    {
      name: 'requests at known prices show dollars per day',
      req: requested,
      p: prices,
      text: '≈ $3.36 per day',
    },
    {
      name: 'a suspended namespace requesting nothing shows no cost',
      req: resources(0n, 0n),
      p: prices,
      text: undefined,
    },
    {
      name: 'unknown prices show no cost rather than a wrong one',
      req: requested,
      p: undefined,
      text: undefined,
    },
    {
      name: 'a tiny namespace never shows as free',
      req: resources(1n, 0n),
      p: prices,
      text: '≈ $0.001 per day',
    },
  ])('$name', ({ req, p, text }) => {
    expect(costPerDayText(summary({ name: 'x', requested: req }).requested, p)).toBe(text);
  });
});

describe('cost in messages', () => {
  it.each([
    { name: 'a reminder shows what the namespace costs per day', p: prices, shows: true },
    { name: 'a reminder without prices shows the requests only', p: undefined, shows: false },
  ])('$name', ({ p, shows }) => {
    const text = blocksText(
      reminderMessage({
        clusterId: 'c1',
        clusterName: 'eu-dev',
        namespace: 'team-a',
        shutdownAt: NOW + 15 * 60_000,
        runningPods: 3,
        requested: summary({ name: 'x', requested }).requested,
        ...(p ? { prices: p } : {}),
        now: NOW,
      }).blocks,
    );
    expect(text).toContain('2 vCPU, 4 GiB requested');
    expect(text.includes('≈ $3.36 per day')).toBe(shows);
  });

  it('App Home shows each running namespace’s cost per day at its own cluster’s prices', () => {
    const view = homeView({
      items: [
        { clusterId: 'c1', clusterName: 'eu', summary: summary({ name: 'a', requested }), prices },
        {
          clusterId: 'c2',
          clusterName: 'us',
          summary: summary({ name: 'b', requested }),
          prices: { vcpuHour: 0.1, gibHour: 0 },
        },
      ],
      now: NOW,
      commandName: '/devenv',
    });
    const text = blocksText(view.blocks as Parameters<typeof blocksText>[0]);
    expect(text).toContain('Cost: ≈ $3.36 per day');
    expect(text).toContain('Cost: ≈ $4.80 per day');
  });
});
