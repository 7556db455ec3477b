/** JSON shapes the admin API returns. */
import { type JsonObject, toJson } from '@bufbuild/protobuf';
import { CommandResultSchema, NamespaceSummarySchema } from '@curfew/proto';
import { stateName } from '../namespace-states.js';
import type { ClusterNamespace, ClusterRecord, DispatchOutcome } from '../ports.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function clusterView(record: ClusterRecord) {
  return {
    ...record,
    createdAt: new Date(record.createdAt).toISOString(),
    lastSeen: iso(record.lastSeen),
    previousTokenValidUntil: iso(record.previousTokenValidUntil),
  };
}

export function outcomeView(outcome: DispatchOutcome) {
  switch (outcome.state) {
    case 'done':
      return {
        id: outcome.commandId,
        state: outcome.state,
        result: toJson(CommandResultSchema, outcome.result) as JsonObject,
      };
    case 'pending':
      return {
        id: outcome.commandId,
        state: outcome.state,
        ...(outcome.progress ? { progress: outcome.progress } : {}),
      };
    case 'expired':
      return { id: outcome.commandId, state: outcome.state, message: outcome.message };
    case 'unavailable':
      return { state: outcome.state, message: outcome.message };
  }
}

export function namespaceView(entry: ClusterNamespace) {
  return {
    cluster: entry.clusterId,
    ...(toJson(NamespaceSummarySchema, entry.summary) as JsonObject),
    state: stateName(entry.summary.state),
    seenAt: new Date(entry.seenAt).toISOString(),
  };
}

/** Status code for an action's outcome: 200 finished, 202 still running, 503 no Redis. */
export function outcomeStatus(outcome: DispatchOutcome): number {
  if (outcome.state === 'pending') return 202;
  if (outcome.state === 'unavailable') return 503;
  return 200;
}
