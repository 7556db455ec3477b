import { NamespaceState } from '@curfew/proto';
import { ACTION, type NamespaceKey, namespaceBlockId, SNOOZE_CHOICES } from './action-ids.js';
import {
  actions,
  button,
  confirmDialog,
  escapeMrkdwn,
  type SlackBlock,
  type SlackElement,
  staticSelect,
} from './kit.js';

/**
 * Delete, behind a dialog that names the cluster: the same namespace name often exists in
 * several clusters (dev-eu/demo, dev-us/demo), and the dialog is the last chance to notice.
 */
export function deleteButton(namespace: string, clusterName: string): SlackElement {
  return button('Delete', ACTION.delete, {
    style: 'danger',
    value: 'delete',
    confirm: confirmDialog(
      `Delete ${namespace}?`.slice(0, 100),
      `This deletes the namespace *${escapeMrkdwn(namespace)}* on cluster \`${escapeMrkdwn(clusterName)}\` and everything in it. It cannot be undone.`,
      'Delete it',
    ),
  });
}

export function snoozeSelect(): SlackElement {
  return staticSelect(
    'Snooze…',
    ACTION.snooze,
    SNOOZE_CHOICES.map((c) => ({ label: c.label, value: c.value })),
  );
}

/** The buttons that make sense for a namespace in this state (none for system ones). */
export function namespaceActions(
  key: NamespaceKey,
  state: NamespaceState,
  clusterName: string,
): SlackBlock | undefined {
  switch (state) {
    case NamespaceState.RUNNING:
      return actions(namespaceBlockId(key), [
        snoozeSelect(),
        button('Suspend now', ACTION.suspend, { value: 'suspend' }),
        deleteButton(key.namespace, clusterName),
      ]);
    case NamespaceState.SUSPENDED:
      return actions(namespaceBlockId(key), [
        button('Resume', ACTION.resume, { style: 'primary', value: 'resume' }),
        deleteButton(key.namespace, clusterName),
      ]);
    default:
      return undefined;
  }
}
