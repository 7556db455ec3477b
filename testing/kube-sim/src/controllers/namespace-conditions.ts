/**
 * The namespace deleter's status conditions (pkg/controller/namespace/deletion,
 * status_condition_utils.go): after every pass over a terminating namespace's content, each
 * of the five condition types is set — True with what went wrong or what remains, else False
 * with its "all is well" reason — and the status is written only when one of them changed.
 */

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What one pass over the content found. */
export interface ContentTotals {
  /** Remaining instances per `resource.group` (`pods.`, `deployments.apps`). */
  remaining: ReadonlyMap<string, number>;
  /** Remaining instances held by each finalizer. */
  finalizers: ReadonlyMap<string, number>;
  /** Errors deleting content, one per resource type that failed. */
  deleteErrors: readonly string[];
}

const TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: {
    reason: 'ContentRemoved',
    message: 'All content successfully removed',
  },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** Go's sort.Strings: byte order. */
const sorted = (l: string[]) => [...l].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The failing conditions a pass produced (discovery never fails here). */
function failures(t: ContentTotals, now: string): Map<string, NamespaceCondition> {
  const out = new Map<string, NamespaceCondition>();
  const add = (type: string, reason: string, message: string) =>
    out.set(type, { type, status: 'True', lastTransitionTime: now, reason, message });
  if (t.deleteErrors.length > 0) {
    add(
      'NamespaceDeletionContentFailure',
      'ContentDeletionFailed',
      `Failed to delete all resource types, ${t.deleteErrors.length} remaining: ${sorted([...t.deleteErrors]).join(', ')}`,
    );
  }
  const remaining = [...t.remaining].filter(([, n]) => n > 0);
  if (remaining.length > 0) {
    const parts = sorted(remaining.map(([gr, n]) => `${gr} has ${n} resource instances`));
    add(
      'NamespaceContentRemaining',
      'SomeResourcesRemain',
      `Some resources are remaining: ${parts.join(', ')}`,
    );
  }
  const held = [...t.finalizers].filter(([, n]) => n > 0);
  if (held.length > 0) {
    const parts = sorted(held.map(([f, n]) => `${f} in ${n} resource instances`));
    add(
      'NamespaceFinalizersRemaining',
      'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${parts.join(', ')}`,
    );
  }
  return out;
}

/**
 * updateConditions: a type not there yet is appended; an existing one takes the new status,
 * reason and message, its lastTransitionTime moving only when the status flips.
 */
export function deletionConditions(
  current: readonly NamespaceCondition[],
  totals: ContentTotals,
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const failing = failures(totals, now);
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of TYPES) {
    const want = failing.get(type) ?? {
      type,
      status: 'False' as const,
      lastTransitionTime: now,
      ...OK[type],
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(want);
      changed = true;
    } else if (
      old.status !== want.status ||
      old.message !== want.message ||
      old.reason !== want.reason
    ) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, { status: want.status, reason: want.reason, message: want.message });
      changed = true;
    }
  }
  return { conditions, changed };
}
