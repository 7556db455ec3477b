/**
 * Cloud resources as the protocol carries them (summaries and notifications): AWS's state, whether
 * Curfew stopped it, why Curfew leaves it alone, and what it costs per hour when priced.
 */
import { create } from '@bufbuild/protobuf';
import {
  CLOUD_KINDS,
  type CloudKind,
  type CloudRecord,
  type CloudRef,
  type CloudResource,
  type CloudResumeOutcome,
  cloudKey,
  cloudPhase,
  cloudResumeReport,
  stopBlocker,
} from '@curfew/core';
import { type CloudResource as CloudResourceMessage, CloudResourceSchema } from '@curfew/proto';

export interface CloudFacts {
  stoppedByCurfew?: boolean;
  problem?: string;
  dollarsPerHour?: number | undefined;
}

export function cloudMessage(
  resource: CloudRef & Partial<Pick<CloudResource, 'name' | 'state' | 'size'>>,
  facts: CloudFacts = {},
): CloudResourceMessage {
  return create(CloudResourceSchema, {
    kind: resource.kind,
    region: resource.region,
    id: resource.id,
    name: resource.name ?? '',
    state: resource.state ?? 'unknown',
    size: resource.size ?? '',
    stoppedByCurfew: facts.stoppedByCurfew ?? false,
    problem: facts.problem ?? '',
    ...(facts.dollarsPerHour !== undefined ? { dollarsPerHour: facts.dollarsPerHour } : {}),
  });
}

/**
 * A namespace's resources for its summary: every one discovered, plus those Curfew recorded as
 * stopped that the last lookup did not find (so a missing one is visible, not forgotten).
 */
export function cloudSummary(
  known: readonly CloudResource[],
  record: CloudRecord,
  priceOf: (resource: CloudResource) => number | undefined,
): CloudResourceMessage[] {
  const recorded = new Set(record.stopped.map((e) => cloudKey(e)));
  const refused = new Map(record.refused.map((e) => [cloudKey(e), e.code]));
  const out = known.map((resource) => {
    const key = cloudKey(resource);
    const ours = recorded.has(key);
    const code = refused.get(key);
    const blocker = ours ? null : stopBlocker(resource);
    return cloudMessage(resource, {
      stoppedByCurfew: ours,
      problem: code ? `AWS refused to stop it (${code})` : (blocker?.reason ?? ''),
      dollarsPerHour: priceOf(resource),
    });
  });
  const seen = new Set(known.map((r) => cloudKey(r)));
  for (const entry of record.stopped) {
    if (!seen.has(cloudKey(entry))) {
      out.push(
        cloudMessage(entry, {
          stoppedByCurfew: true,
          problem: 'not found in the last lookup (deleted, untagged, or its region not configured)',
        }),
      );
    }
  }
  return out;
}

/** A resumed namespace's resources in its "resumed" message: up, still starting, not started. */
export function resumedCloud(outcome: CloudResumeOutcome): CloudResourceMessage[] {
  return [
    ...[...outcome.up, ...outcome.stillStarting].map((r) => cloudMessage(r)),
    ...outcome.notStarted.map(({ resource, reason }) =>
      cloudMessage(resource, { problem: reason }),
    ),
    ...outcome.wouldStart.map((r) => cloudMessage(r, { problem: 'would be started (dry run)' })),
  ];
}

/** The sentences for a "resumed" message from its resources as they are now. */
export function resumedCloudLines(resources: readonly CloudResourceMessage[]): string[] {
  const up: CloudResource[] = [];
  const starting: CloudResource[] = [];
  const notStarted: CloudResumeOutcome['notStarted'] = [];
  for (const message of resources) {
    if (!(CLOUD_KINDS as readonly string[]).includes(message.kind)) continue;
    const resource: CloudResource = {
      kind: message.kind as CloudKind,
      region: message.region,
      id: message.id,
      state: message.state,
      namespace: '',
      ...(message.name ? { name: message.name } : {}),
    };
    if (message.problem) notStarted.push({ resource, reason: message.problem });
    else if (cloudPhase(resource) === 'running') up.push(resource);
    else starting.push(resource);
  }
  return cloudResumeReport({
    up,
    stillStarting: starting,
    notStarted,
    wouldStart: [],
    dryRun: false,
  });
}

/** The same resources with the states of `current` (a fresher lookup), where it has them. */
export function withCurrentStates(
  resources: readonly CloudResourceMessage[],
  current: readonly CloudResource[],
): CloudResourceMessage[] {
  return resources.map((message) => {
    const now = current.find(
      (r) => r.kind === message.kind && r.region === message.region && r.id === message.id,
    );
    return now && !message.problem ? { ...message, state: now.state } : message;
  });
}
