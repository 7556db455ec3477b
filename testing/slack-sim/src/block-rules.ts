/**
 * The Block Kit rules Slack enforces that an app most easily breaks, so the stand-in
 * refuses what Slack would refuse (`invalid_blocks`) instead of letting it pass:
 * at most 50 blocks in a message (100 in a view), unique block_ids, 1–25 elements in
 * an actions block with unique action_ids, section text up to 3000 characters,
 * block_id up to 255, button value up to 2000, plain_text button labels up to 75.
 */
export function blocksProblem(blocks: unknown[], maxBlocks: number): string | undefined {
  if (blocks.length > maxBlocks) return `more than ${maxBlocks} blocks`;
  const blockIds = new Set<string>();
  for (const [i, raw] of blocks.entries()) {
    if (typeof raw !== 'object' || raw === null) return `block ${i} is not an object`;
    const block = raw as {
      type?: unknown;
      block_id?: unknown;
      elements?: unknown;
      text?: unknown;
      accessory?: unknown;
    };
    if (typeof block.type !== 'string') return `block ${i} has no type`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) return `block ${i}: block_id longer than 255`;
      if (blockIds.has(block.block_id)) return `block ${i}: duplicate block_id ${block.block_id}`;
      blockIds.add(block.block_id);
    }
    if (block.type === 'section') {
      const text = (block.text as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string' && text.length > 3000)
        return `block ${i}: section text over 3000 characters`;
      const accessoryProblem = block.accessory ? elementProblem(block.accessory) : undefined;
      if (accessoryProblem) return `block ${i}: ${accessoryProblem}`;
    }
    if (block.type === 'actions') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 25)
        return `block ${i}: actions need 1 to 25 elements`;
      const actionIds = new Set<string>();
      for (const element of elements) {
        const problem = elementProblem(element);
        if (problem) return `block ${i}: ${problem}`;
        const id = (element as { action_id?: unknown }).action_id;
        if (typeof id === 'string') {
          if (actionIds.has(id)) return `block ${i}: duplicate action_id ${id}`;
          actionIds.add(id);
        }
      }
    }
  }
  return undefined;
}

function elementProblem(raw: unknown): string | undefined {
  const element = raw as {
    type?: unknown;
    value?: unknown;
    text?: { text?: unknown };
    options?: unknown;
  };
  if (element.type === 'button') {
    if (typeof element.value === 'string' && element.value.length > 2000)
      return 'button value over 2000 characters';
    if (typeof element.text?.text === 'string' && element.text.text.length > 75)
      return 'button text over 75 characters';
  }
  if (element.type === 'static_select') {
    const options = Array.isArray(element.options) ? element.options : [];
    if (options.length === 0 || options.length > 100) return 'a select needs 1 to 100 options';
    for (const option of options as { value?: unknown }[]) {
      if (typeof option.value === 'string' && option.value.length > 150)
        return 'option value over 150 characters';
    }
  }
  return undefined;
}
