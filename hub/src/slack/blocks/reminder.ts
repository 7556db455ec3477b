import type { ResourcePrices } from '@curfew/core';
import { ACTION, namespaceBlockId } from './action-ids.js';
import { costPerDayText } from './cost.js';
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
  now: number;
}

/** SPEC reminder DM: Snooze (1h, 3h, 1d, 3d), Suspend now, Delete (with a confirm dialog). */
export function reminderMessage(input: ReminderInput): MessageContent {
  const when = `${slackTime(input.shutdownAt)} (${relative(input.shutdownAt, input.now)})`;
  const pods = `${input.runningPods} running pod${input.runningPods === 1 ? '' : 's'}`;
  const requested = [resources(input.requested), costPerDayText(input.requested, input.prices)]
    .filter((part) => part !== undefined)
    .join(', ');
  return {
    text: `${input.namespace} on ${input.clusterName} will be suspended ${relative(input.shutdownAt, input.now)}`,
    blocks: [
      section(
        `:alarm_clock: ${nsLabel(input.namespace, input.clusterName)} will be suspended ${when}.`,
      ),
      context(requested ? `${pods}, ${requested}` : pods),
      actions(namespaceBlockId({ clusterId: input.clusterId, namespace: input.namespace }), [
        snoozeSelect(),
        button('Suspend now', ACTION.suspend, { value: 'suspend' }),
        deleteButton(input.namespace),
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
