/**
 * A namespace's cloud resources in its card (status, App Home): one line each with AWS's state,
 * whether Curfew stopped it (and so starts it on resume), why Curfew leaves it alone, and what it
 * costs per hour when priced.
 */
import { formatDollars, plural } from '@curfew/core';
import type { CloudResource } from '@curfew/proto';
import { escapeMrkdwn } from './kit.js';

/** A card has room for this many; the rest are counted. */
const MAX_LISTED = 8;

const KIND_LABEL: Readonly<Record<string, string>> = {
  ec2: 'EC2',
  rds: 'RDS',
  'rds-cluster': 'RDS cluster',
};

export function cloudFacts(resources: readonly CloudResource[]): string[] {
  const lines = resources.slice(0, MAX_LISTED).map((r) => {
    const named = r.name && r.name !== r.id ? ` "${escapeMrkdwn(r.name)}"` : '';
    const parts = [`${escapeMrkdwn(r.state)}`];
    if (r.stoppedByCurfew) parts.push('stopped by Curfew, started on resume');
    if (r.dollarsPerHour !== undefined) parts.push(`${formatDollars(r.dollarsPerHour)}/h`);
    const problem = r.problem ? ` — :warning: ${escapeMrkdwn(r.problem)}` : '';
    return `:cloud: ${KIND_LABEL[r.kind] ?? escapeMrkdwn(r.kind)} \`${escapeMrkdwn(r.id)}\`${named} (${escapeMrkdwn(r.region)}): ${parts.join(', ')}${problem}`;
  });
  if (resources.length > MAX_LISTED) {
    lines.push(`:cloud: …and ${plural(resources.length - MAX_LISTED, 'more cloud resource')}`);
  }
  return lines;
}
