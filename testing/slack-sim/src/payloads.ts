/**
 * The `actions[0]` entry of a block_actions payload, as Slack builds it from the element
 * the user clicked (buttons) or chose in (static selects).
 */
export function actionPayload(
  blockId: string,
  element: Record<string, unknown>,
  selectedValue: string | undefined,
  actionTs: string,
): Record<string, unknown> {
  if (element.type === 'static_select') {
    const options = (element.options ?? []) as { value: string; text: unknown }[];
    const chosen = options.find((o) => o.value === selectedValue);
    if (!chosen) {
      throw new Error(
        `slack-sim: select "${String(element.action_id)}" has no option "${selectedValue}"; options: ${options.map((o) => o.value).join(', ')}`,
      );
    }
    return {
      type: 'static_select',
      action_id: element.action_id,
      block_id: blockId,
      selected_option: chosen,
      placeholder: element.placeholder,
      action_ts: actionTs,
    };
  }
  return {
    type: element.type ?? 'button',
    action_id: element.action_id,
    block_id: blockId,
    text: element.text,
    ...(element.value === undefined ? {} : { value: element.value }),
    ...(element.style === undefined ? {} : { style: element.style }),
    action_ts: actionTs,
  };
}
