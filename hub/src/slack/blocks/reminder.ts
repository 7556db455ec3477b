import { cloudPhase, plural, type ResourcePrices } from '@curfew/core';
import type { CloudResource } from '@curfew/proto';
import { ACTION, namespaceBlockId } from './action-ids.js';
import { costPerDayText, pricedCloud } from './cost.js';
import { nsLabel, relative, resources, slackTime } from './format.js';
import { actions, button, context, type MessageContent, section } from './kit.js';
import { deleteButton, snoozeSelect } from './namespace-actions.js';

export interface ReminderInput {
  clusterId: string;
  clusterName: string;
  namespace: string;
  shutdownAt: number;
  runningPods: number;
  requested?: Parameters<typeof resources>[0];
  /** The cluster's prices, to show what keeping it up costs. */
  prices?: ResourcePrices;
  /** Cloud resources tagged with the namespace (they stop with it and count in its cost). */
  cloud?: readonly CloudResource[];
  now: number;
}

/** SPEC reminder DM: Snooze (1h, 3h, 1d, 3d), Suspend now, Delete (with a confirm dialog). */
export function reminderMessage(input: ReminderInput): MessageContent {
  const when = `${slackTime(input.shutdownAt)} (${relative(input.shutdownAt, input.now)})`;
  const pods = plural(input.runningPods, 'running pod');
  const cloud = input.cloud ?? [];
  const requested = [
    resources(input.requested),
    costPerDayText(input.requested, input.prices, cloud),
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  // What the suspend will stop besides the workloads: running, and nothing keeps it running.
  const stopping = cloud.filter(
    (r) => !r.problem && pricedCloud([r]).some((p) => cloudPhase(p) === 'running'),
  );
  const alsoStops =
    stopping.length > 0
      ? [context(`Stops with it: ${stopping.map((r) => `${r.kind} \`${r.id}\``).join(', ')}`)]
      : [];
  return {
    text: `${input.namespace} on ${input.clusterName} will be suspended ${relative(input.shutdownAt, input.now)}`,
    blocks: [
      section(
        `:alarm_clock: ${nsLabel(input.namespace, input.clusterName)} will be suspended ${when}.`,
      ),
      context(requested ? `${pods}, ${requested}` : pods),
      ...alsoStops,
      actions(namespaceBlockId({ clusterId: input.clusterId, namespace: input.namespace }), [
        snoozeSelect(),
        button('Suspend now', ACTION.suspend, { value: 'suspend' }),
        deleteButton(input.namespace, input.clusterName),
      ]),
    ],
  };
}

/** A reminder that no longer applies, without its buttons. */
export function closedReminder(
  namespace: string,
  clusterName: string,
  why: string,
): MessageContent {
  return {
    text: `Reminder for ${namespace} on ${clusterName}: closed, ${why}`,
    blocks: [
      section(`:alarm_clock: ~Reminder~ for ${nsLabel(namespace, clusterName)} — closed: ${why}.`),
    ],
  };
}
