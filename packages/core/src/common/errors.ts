/**
 * The one error type for bad input anywhere in Curfew (durations, schedules, SKUs, commands,
 * policies). `message` says what is wrong, `hint` says what to do instead, so a Slack reply, an
 * admission webhook denial or an API 400 can show both without knowing where the error came from.
 */
export class CurfewInputError extends Error {
  override readonly name = 'CurfewInputError';
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

export function isCurfewInputError(value: unknown): value is CurfewInputError {
  return value instanceof CurfewInputError;
}
