import { plural } from '@curfew/core';
import type { NamespaceSummary, PausedReconciler } from '@curfew/proto';
import { NamespaceState } from '@curfew/proto';
import { cloudFacts } from './cloud-facts.js';
import {
  agentText,
  msOf,
  nsLabel,
  relative,
  resources,
  slackTime,
  stateEmoji,
  stateLabel,
  stripMarkup,
  who,
} from './format.js';
import { context, escapeMrkdwn, type MessageContent, type SlackBlock, section } from './kit.js';
import { namespaceActions } from './namespace-actions.js';

export interface CardInput {
  clusterId: string;
  clusterName: string;
  summary: NamespaceSummary;
  now: number;
  /** A line on top saying what just happened, e.g. "Suspended by @ana". */
  note?: string;
  /** Leave the buttons out (read-only answers, finished messages). */
  withoutButtons?: boolean;
  /** The owner's Slack user, when the owner annotation (an email) resolved to one. */
  ownerUserId?: string | null;
}

const TOOL: Record<string, string> = {
  Application: 'Argo CD Application',
  Kustomization: 'Flux Kustomization',
  HelmRelease: 'Flux HelmRelease',
};

/** The GitOps reconcilers Curfew paused for the suspend, in one line (none: no line). */
function pausedReconcilersFact(paused: readonly PausedReconciler[]): string[] {
  if (paused.length === 0) return [];
  const names = paused.map(
    (r) =>
      `${TOOL[r.kind] ?? escapeMrkdwn(r.kind)} \`${escapeMrkdwn(`${r.namespace}/${r.name}`)}\``,
  );
  return [`:double_vertical_bar: paused by Curfew until resume: ${names.join(', ')}`];
}

/** Facts about a namespace, one per line. */
export function namespaceFacts(summary: NamespaceSummary, now: number): string[] {
  const facts = [`${stateEmoji(summary.state)} ${stateLabel(summary.state)}`];
  const shutdown = msOf(summary.nextShutdown);
  if (summary.state === NamespaceState.RUNNING && shutdown !== undefined) {
    facts.push(`shuts down ${slackTime(shutdown)} (${relative(shutdown, now)})`);
  }
  const snoozed = msOf(summary.snoozedUntil);
  if (snoozed !== undefined && snoozed > now) facts.push(`snoozed until ${slackTime(snoozed)}`);
  const suspendedAt = msOf(summary.suspendedAt);
  if (summary.state === NamespaceState.SUSPENDED && suspendedAt !== undefined) {
    const by = summary.suspendedBy === '' ? '' : ` by ${who(summary.suspendedBy)}`;
    facts.push(`suspended ${slackTime(suspendedAt)}${by}`);
  }
  if (summary.state === NamespaceState.RUNNING) {
    const pods = plural(summary.runningPods, 'running pod');
    const requested = resources(summary.requested);
    facts.push(requested ? `${pods}, ${requested}` : pods);
  }
  if (summary.state === NamespaceState.TERMINATING) {
    const since = msOf(summary.deletionStartedAt);
    if (since !== undefined) facts.push(`deletion began ${slackTime(since)}`);
    // The agent's words: the finalizers and namespace-controller conditions that hold it.
    if (summary.termination !== '') facts.push(agentText(summary.termination));
  }
  if (summary.uptime !== '') facts.push(`uptime \`${escapeMrkdwn(summary.uptime)}\``);
  facts.push(...cloudFacts(summary.cloudResources));
  facts.push(...pausedReconcilersFact(summary.pausedReconcilers));
  // Both are the agent's words: instants and user ids in them are shown as Slack renders them.
  if (summary.drift !== '') facts.push(`:warning: ${agentText(summary.drift)}`);
  if (summary.problem !== '') facts.push(`:warning: ${agentText(summary.problem)}`);
  return facts;
}

/** One namespace as a message: what it is, its state, and the buttons that apply. */
export function namespaceCard(input: CardInput): MessageContent {
  const { summary } = input;
  const label = nsLabel(summary.name, input.clusterName);
  const blocks: SlackBlock[] = [];
  if (input.note !== undefined) blocks.push(section(input.note));
  blocks.push(section(`${label}\n${namespaceFacts(summary, input.now).join('\n')}`));
  const buttons = input.withoutButtons
    ? undefined
    : namespaceActions(
        { clusterId: input.clusterId, namespace: summary.name },
        summary.state,
        input.clusterName,
      );
  if (buttons) blocks.push(buttons);
  if (summary.owner !== '')
    blocks.push(context(`Owner: ${who(input.ownerUserId || summary.owner)}`));
  const text = `${input.note ? `${stripMarkup(input.note)} — ` : ''}${summary.name} on ${input.clusterName}: ${stateLabel(summary.state)}`;
  return { text, blocks };
}
