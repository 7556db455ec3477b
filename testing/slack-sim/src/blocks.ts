/** An interactive element found in a message's or view's blocks. */
export interface FoundElement {
  blockId: string;
  element: Record<string, unknown>;
}

/**
 * Finds the interactive element with this `action_id`, in `actions` blocks or as a
 * section's accessory — where a user could click it.
 */
export function findElement(blocks: unknown, actionId: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const raw of blocks) {
    const block = raw as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    const candidates = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])];
    for (const candidate of candidates) {
      const element = candidate as Record<string, unknown>;
      if (element.action_id === actionId) {
        return { blockId: block.block_id ?? '', element };
      }
    }
  }
  return undefined;
}

/** Every `action_id` in these blocks, for an error message that lists what was there. */
export function actionIds(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((raw) => {
    const block = raw as { elements?: unknown[]; accessory?: unknown };
    return [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]
      .map((e) => (e as { action_id?: unknown }).action_id)
      .filter((id): id is string => typeof id === 'string');
  });
}

/** All text in blocks (mrkdwn and plain_text), for assertions and a plain rendering. */
export function blocksText(blocks: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (
      (record.type === 'mrkdwn' || record.type === 'plain_text') &&
      typeof record.text === 'string'
    ) {
      parts.push(record.text);
      return;
    }
    for (const value of Object.values(record)) walk(value);
  };
  walk(blocks);
  return parts.join('\n');
}
