/**
 * The admin API's JSON body reader. The plain case every client sends — `Content-Type:
 * application/json` (charset utf-8 or none), no Content-Encoding, a Content-Length within the
 * limit — is read and parsed here; anything else (compressed, chunked, another charset, an
 * empty or over-long body, another type) goes to express.json(), which answers it as before.
 * Why: body-parser's type, charset and encoding handling and raw-body's stream plumbing cost
 * tens of microseconds on every action's path for a case that needs none of them.
 *
 * What it accepts and refuses is express.json()'s (strict): an object or array, a BOM
 * allowed; anything else is a 400 handed to the router's error handler.
 */
import express, { type NextFunction, type Request, type Response } from 'express';

const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** The first character after JSON whitespace, as body-parser's strict mode looks at it. */
function firstNonWhitespace(text: string): string | undefined {
  for (const char of text)
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return char;
  return undefined;
}

function badBody(message: string): Error {
  return Object.assign(new Error(message), { status: 400, expose: true });
}

/** True when the request is the plain case this reader takes itself. */
function plain(req: Request, limitBytes: number): boolean {
  const { headers } = req;
  const type = headers['content-type'];
  const encoding = headers['content-encoding'];
  const length = Number(headers['content-length']);
  return (
    type !== undefined &&
    PLAIN_JSON.test(type) &&
    (encoding === undefined || encoding.toLowerCase() === 'identity') &&
    headers['transfer-encoding'] === undefined &&
    Number.isInteger(length) &&
    length > 0 &&
    length <= limitBytes
  );
}

export function jsonBody(limitBytes: number) {
  const general = express.json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!plain(req, limitBytes)) {
      general(req, res, next);
      return;
    }
    const expected = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      next(error);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.on('aborted', () => finish(badBody('request aborted')));
    req.on('error', (error) => finish(Object.assign(error, { status: 400 })));
    req.on('end', () => {
      if (received !== expected) return finish(badBody('request size did not match'));
      let text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString(
        'utf8',
      );
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const first = firstNonWhitespace(text);
      if (first !== '{' && first !== '[') return finish(badBody('not an object or array'));
      try {
        req.body = JSON.parse(text);
      } catch {
        return finish(badBody('not valid JSON'));
      }
      finish();
    });
  };
}
