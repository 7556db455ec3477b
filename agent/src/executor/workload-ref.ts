import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { timeBombOf } from '@curfew/core';
import { type WorkloadRef, WorkloadRefSchema } from '@curfew/proto';
import { observeTimeBomb } from '../kube/observe.js';
import type { PodObject, WorkloadObject } from '../kube/types.js';

/**
 * A time bomb's workload as the hub hears of it (expiry warnings, extensions): its SKU and
 * `validUntil` (the given one, else what its annotations say).
 */
export function workloadRef(
  object: WorkloadObject | PodObject,
  validUntil: number | null,
): WorkloadRef {
  const bomb = timeBombOf(observeTimeBomb(object));
  const until = validUntil ?? bomb.validUntil;
  return create(WorkloadRefSchema, {
    kind: object.kind,
    name: object.meta.name,
    namespace: object.meta.namespace,
    sku: bomb.sku,
    ...(until === null ? {} : { validUntil: timestampFromMs(until * 1000) }),
  });
}
