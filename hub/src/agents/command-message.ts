/** Turns a stored command into the protobuf Command the agent executes. */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Action, type Command, CommandSchema } from '@curfew/proto';

import type { StoredCommand } from '../ports.js';

type TargetInit = MessageInitShape<typeof CommandSchema>['target'];

/** Actions that address the cluster itself rather than one namespace. */
const CLUSTER_ACTIONS = new Set<Action>([Action.LIST, Action.SUPPORT_START, Action.SUPPORT_STOP]);

export function toCommandMessage(stored: StoredCommand): Command {
  const { request } = stored;
  const target: TargetInit =
    request.action === Action.EXTEND
      ? {
          case: 'sku',
          // A namespace narrows EXTEND to that namespace's workloads (an expiry warning
          // is about one namespace); without one the agent extends cluster-wide.
          value: {
            clusterId: stored.clusterId,
            skuPrefix: request.skuPrefix ?? '',
            namespace: request.namespace ?? '',
          },
        }
      : CLUSTER_ACTIONS.has(request.action)
        ? { case: 'clusterId', value: stored.clusterId }
        : {
            case: 'namespace',
            value: { clusterId: stored.clusterId, namespace: request.namespace ?? '' },
          };
  return create(CommandSchema, {
    id: stored.id,
    action: request.action,
    target,
    ...(request.durationMs ? { duration: durationFromMs(request.durationMs) } : {}),
    supportName: request.supportName ?? '',
    supportSize: request.supportSize ?? '',
    deadline: timestampFromMs(stored.deadline),
    requestedBy: request.requestedBy,
    requestId: request.requestId ?? '',
  });
}
