/**
 * Why an action runs. Every action takes one: it names the actor in `suspended-by`, the
 * Kubernetes Event and the notification, and a command's id is what makes the action happen
 * once however often the hub delivers it.
 */
export type ActionCause =
  /** The namespace's schedule (end of uptime, auto-wake); `reason` is core's decision. */
  | { kind: 'schedule'; reason: string }
  /** A time bomb went off. */
  | { kind: 'expiry' }
  /** A hub command (Slack, the admin API): its id and who asked. */
  | { kind: 'command'; commandId: string; actor: string }
  /** A person scaled a workload up by hand while Curfew held it at 0. */
  | { kind: 'hand-scale-up'; reason: string }
  /**
   * A fresh agent finishing what another one started (its `actor` as recorded, and the
   * command it carried out, if one did).
   */
  | { kind: 'recovery'; actor: string; commandId?: string };

/** Who acted, as recorded in `suspended-by` and shown to people. */
export function actorOf(cause: ActionCause): string {
  switch (cause.kind) {
    case 'schedule':
      return 'schedule';
    case 'expiry':
      return 'time-bomb';
    case 'command':
      return cause.actor || 'hub';
    case 'hand-scale-up':
      return 'person';
    case 'recovery':
      return cause.actor || 'schedule';
  }
}

/** The hub command an action carries out: its own, or the one an interrupted action was for. */
export function commandIdOf(cause: ActionCause): string | undefined {
  if (cause.kind === 'command') return cause.commandId;
  if (cause.kind === 'recovery' && cause.commandId) return cause.commandId;
  return undefined;
}

/** The tail of an Event message: which command, or that an interrupted action was finished. */
export function causeNote(cause: ActionCause): string {
  switch (cause.kind) {
    case 'command':
      return ` (command ${cause.commandId})`;
    case 'recovery':
      return ' (finishing an action interrupted by an agent restart)';
    case 'schedule':
    case 'hand-scale-up':
      return cause.reason ? ` (${cause.reason})` : '';
    case 'expiry':
      return '';
  }
}
