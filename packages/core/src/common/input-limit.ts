import { CurfewInputError } from './errors.js';

/**
 * The longest text any Curfew parser reads. Real input (a slash command, a schedule annotation,
 * a duration, an SKU) is a few dozen characters; 4 KiB leaves ample room. Longer text is refused
 * before parsing, so no pattern or loop ever runs over megabytes of pasted or hostile input.
 */
export const MAX_INPUT_LENGTH = 4096;

/** Throws CurfewInputError when `text` is longer than MAX_INPUT_LENGTH. */
export function refuseOverlong(text: string, what: string, hint: string): void {
  if (text.length <= MAX_INPUT_LENGTH) return;
  throw new CurfewInputError(
    `The ${what} is ${text.length} characters long; at most ${MAX_INPUT_LENGTH} are read.`,
    hint,
  );
}
