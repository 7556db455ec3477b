import { ANNOTATIONS } from '../common/annotations.js';
import { DURATION_FORMS, parseDuration } from '../common/duration.js';
import { isCurfewInputError } from '../common/errors.js';
import { parseSku } from '../time-bombs/sku.js';
import type { TimeBombFields } from './admission-target.js';

/**
 * Checks of what people write in the time-bomb annotations, shared by both webhooks. Only new or
 * changed values are checked: an object admitted while the webhook was down (failurePolicy:
 * Ignore) must not have every later update refused, least of all the agent's own scale-to-0.
 */
export function inputProblem(
  fields: TimeBombFields,
  old: TimeBombFields | undefined,
  where: string,
): string | null {
  if (fields.timer !== undefined && fields.timer !== old?.timer) {
    const problem = durationProblem(fields.timer);
    if (problem !== null) {
      return (
        `${ANNOTATIONS.timer} '${fields.timer}' in ${fields.timerField} of ${where} is not a ` +
        `duration: ${problem} Accepted forms: ${DURATION_FORMS}.`
      );
    }
  }
  if (fields.sku !== undefined && fields.sku !== old?.sku) {
    try {
      parseSku(fields.sku);
    } catch (e) {
      if (!isCurfewInputError(e)) throw e;
      return `${ANNOTATIONS.sku} in ${fields.skuField} of ${where} is not valid: ${e.message} ${e.hint}`;
    }
  }
  return null;
}

function durationProblem(text: string): string | null {
  try {
    parseDuration(text);
    return null;
  } catch (e) {
    if (!isCurfewInputError(e)) throw e;
    return e.message;
  }
}
