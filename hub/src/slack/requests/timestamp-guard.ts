import type { Clock } from '@curfew/core';
import type { NextFunction, Request, Response } from 'express';

/** Slack's replay window: requests signed more than five minutes from now are refused. */
export const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Why a request's X-Slack-Request-Timestamp is unacceptable, or undefined when it is
 * fine. Bolt only refuses old timestamps; this refuses far-future ones too.
 */
export function timestampProblem(
  header: string | string[] | undefined,
  nowMs: number,
): string | undefined {
  if (typeof header !== 'string' || !/^\d+$/.test(header))
    return 'missing or malformed X-Slack-Request-Timestamp';
  const skew = Math.abs(Math.floor(nowMs / 1000) - Number(header));
  return skew > MAX_SKEW_SECONDS
    ? `X-Slack-Request-Timestamp is ${skew} s away from now`
    : undefined;
}

/** Refuses (401, nothing runs) requests outside the window before the body is even read. */
export function timestampGuard(clock: Clock, onRefused: (problem: string) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = timestampProblem(req.headers['x-slack-request-timestamp'], clock.now());
    if (problem !== undefined) {
      onRefused(problem);
      res.status(401).send();
      return;
    }
    next();
  };
}
