import { plural } from '@curfew/core';
import type { WorkloadRef } from '@curfew/proto';
import { ACTION, EXTEND_CHOICES, namespaceBlockId } from './action-ids.js';
import { msOf, nsLabel, relative, slackTime } from './format.js';
import { actions, button, context, escapeMrkdwn, type MessageContent, section } from './kit.js';

export interface ExpiryInput {
  clusterId: string;
  clusterName: string;
  namespace: string;
  workloads: readonly WorkloadRef[];
  expired: boolean;
  /** When the message is written: the warning says how long is left from then. */
  now: number;
}

/**
 * The SKUs an Extend button renews: the distinct SKUs of the warned workloads. The
 * agent extends by SKU prefix (proto SkuTarget), narrowed to the warned namespace by the
 * dispatch (SkuTarget.namespace), so workloads without an SKU cannot be extended from here.
 */
export function extendSkus(workloads: readonly WorkloadRef[]): string[] {
  return [...new Set(workloads.map((w) => w.sku).filter((sku) => sku !== ''))].sort();
}

function workloadLine(w: WorkloadRef): string {
  const until = msOf(w.validUntil);
  const sku = w.sku === '' ? '' : ` \`${escapeMrkdwn(w.sku)}\``;
  return `• ${escapeMrkdwn(w.kind)} *${escapeMrkdwn(w.name)}*${sku}${until === undefined ? '' : ` — valid until ${slackTime(until)}`}`;
}

/**
 * The real time left: until the soonest validity among the warned workloads, from `now` — not
 * the warning's offset, which the agent may pass late (it was down) or early (a later timer).
 */
function timeLeft(workloads: readonly WorkloadRef[], now: number) {
  const untils = workloads.map((w) => msOf(w.validUntil)).filter((ms) => ms !== undefined);
  if (untils.length === 0) return undefined;
  const at = Math.min(...untils);
  return { at, inWords: relative(at, now), several: new Set(untils).size > 1 };
}

/** Expiry warning / expired: Extend 1h, Extend 1d, Let it expire (SPEC "Time bombs"). */
export function expiryMessage(input: ExpiryInput): MessageContent {
  const label = nsLabel(input.namespace, input.clusterName);
  const left = timeLeft(input.workloads, input.now);
  const headline = input.expired
    ? `:bomb: Time is up in ${label}: these workloads were suspended.`
    : left === undefined
      ? `:hourglass_flowing_sand: Time bombs in ${label} are about to go off:`
      : `:hourglass_flowing_sand: Time bombs in ${label} go off ${left.inWords}${left.several ? ' (the first of them)' : ''}, at ${slackTime(left.at)}:`;
  const value = (d: string) => JSON.stringify({ d, s: extendSkus(input.workloads) });
  const withoutSku = input.workloads.filter((w) => w.sku === '').length;
  const key = { clusterId: input.clusterId, namespace: input.namespace };
  const skus = extendSkus(input.workloads);
  const buttons = [
    ...(skus.length === 0 ? [] : EXTEND_CHOICES).map((c, i) =>
      button(c.label, `${ACTION.extend}_${c.value}`, {
        value: value(c.value),
        ...(i === 0 ? { style: 'primary' as const } : {}),
      }),
    ),
    ...(input.expired ? [] : [button('Let it expire', ACTION.letExpire, { value: 'let-expire' })]),
  ];
  return {
    text: input.expired
      ? `Workloads in ${input.namespace} on ${input.clusterName} expired`
      : `Workloads in ${input.namespace} on ${input.clusterName} expire ${left?.inWords ?? 'soon'}`,
    blocks: [
      section(`${headline}\n${input.workloads.map(workloadLine).join('\n')}`),
      ...(withoutSku === 0
        ? []
        : [
            context(
              `${plural(withoutSku, 'workload')} ${withoutSku === 1 ? 'has' : 'have'} no \`curfew.dev/sku\`, so Slack cannot extend ${withoutSku === 1 ? 'it' : 'them'}: change the \`curfew.dev/timer\` annotation instead.`,
            ),
          ]),
      // An actions block must hold at least one element.
      ...(buttons.length === 0 ? [] : [actions(namespaceBlockId(key, 'expiry'), buttons)]),
    ],
  };
}
