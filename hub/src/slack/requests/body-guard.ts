import { isValidSlackRequest } from '@slack/bolt';
import express, { type NextFunction, type Request, type Response } from 'express';
import { slackBodyProblem } from './body-problem.js';

/** Bolt's own limit (HTTPModuleFunctions.defaultBodyLimit). */
const BODY_LIMIT = '4mb';
const readRaw = express.raw({ type: () => true, limit: BODY_LIMIT });

/**
 * Refuses (400, nothing runs) signed requests whose body is nothing the hub handles. Runs
 * after the timestamp and signature-version guards and before Bolt: it reads the raw body
 * and leaves it as `req.rawBody`, which Bolt's receiver reads instead of the (consumed)
 * stream. A body whose signature does not verify is left to Bolt, which answers 401 —
 * the shape of an unsigned body is never judged, so forgers learn nothing from it.
 */
export function bodyGuard(signingSecret: string, onRefused: (problem: string) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    readRaw(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      (req as Request & { rawBody?: Buffer }).rawBody = raw;
      const body = raw.toString();
      const signed = isValidSlackRequest({
        signingSecret,
        body,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      });
      const problem = signed ? slackBodyProblem(body, req.headers['content-type']) : undefined;
      if (problem !== undefined) {
        onRefused(problem);
        res.status(400).send();
        return;
      }
      next();
    });
  };
}
