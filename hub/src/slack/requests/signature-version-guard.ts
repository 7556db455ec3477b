import type { NextFunction, Request, Response } from 'express';

/** Slack's only signature version: `v0=` and 64 hex digits (HMAC-SHA256). */
const V0_SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * Why an X-Slack-Signature is not a v0 signature, or undefined when it is one. Bolt splits
 * the header at the first `=` and signs `<version>:<ts>:<body>` with whatever version it
 * finds, so `v1=<hmac over v1:…>` or `v0=<hmac>=junk` would pass it; Slack's spec has only
 * v0, and anything else must be refused.
 */
export function signatureProblem(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return 'missing X-Slack-Signature';
  return V0_SIGNATURE.test(header) ? undefined : 'X-Slack-Signature is not a v0 signature';
}

/** Refuses (401, nothing runs) requests whose signature is not Slack's v0 format. */
export function signatureVersionGuard(onRefused: (problem: string) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = signatureProblem(req.headers['x-slack-signature']);
    if (problem !== undefined) {
      onRefused(problem);
      res.status(401).send();
      return;
    }
    next();
  };
}
