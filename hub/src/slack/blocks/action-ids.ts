/** action_ids of every interactive element the hub puts in Slack. */
export const ACTION = {
  snooze: 'curfew_snooze',
  suspend: 'curfew_suspend',
  resume: 'curfew_resume',
  delete: 'curfew_delete',
  /** Prefix: `curfew_extend_1h`, `curfew_extend_1d` (action_ids are unique per block). */
  extend: 'curfew_extend',
  letExpire: 'curfew_let_expire',
  chooseCluster: 'curfew_choose_cluster',
} as const;

/**
 * Whether `actionId` is one of the elements above, as mount.ts routes them (`extend` and
 * `chooseCluster` as prefixes). Anything else was never sent by the hub.
 */
export function handlesActionId(actionId: string): boolean {
  return (
    [ACTION.snooze, ACTION.suspend, ACTION.resume, ACTION.delete, ACTION.letExpire].some(
      (id) => id === actionId,
    ) || [ACTION.extend, ACTION.chooseCluster].some((prefix) => actionId.startsWith(`${prefix}_`))
  );
}

export interface NamespaceKey {
  clusterId: string;
  namespace: string;
}

const PREFIX = 'ns';

/**
 * The namespace an actions block is about travels in its block_id (≤255 chars; cluster
 * ids and DNS labels contain no `|`), so every button in it can stay a plain value.
 */
export function namespaceBlockId({ clusterId, namespace }: NamespaceKey, suffix = ''): string {
  return [PREFIX, clusterId, namespace, suffix].join('|');
}

export function parseNamespaceBlockId(blockId: string | undefined): NamespaceKey | undefined {
  const [prefix, clusterId, namespace] = (blockId ?? '').split('|');
  if (prefix !== PREFIX || !clusterId || !namespace) return undefined;
  return { clusterId, namespace };
}

/** Snooze choices (SPEC "Schedules and reminders"). */
export const SNOOZE_CHOICES = [
  { label: '1 hour', value: '1h', ms: 3_600_000 },
  { label: '3 hours', value: '3h', ms: 3 * 3_600_000 },
  { label: '1 day', value: '1d', ms: 86_400_000 },
  { label: '3 days', value: '3d', ms: 3 * 86_400_000 },
] as const;

/** Expiry extension choices (SPEC "Time bombs"). */
export const EXTEND_CHOICES = [
  { label: 'Extend 1h', value: '1h', ms: 3_600_000 },
  { label: 'Extend 1d', value: '1d', ms: 86_400_000 },
] as const;

export function choiceMs(
  choices: readonly { value: string; ms: number }[],
  value: string | undefined,
): number | undefined {
  return choices.find((c) => c.value === value)?.ms;
}
